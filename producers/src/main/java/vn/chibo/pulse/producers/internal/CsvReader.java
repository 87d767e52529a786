package vn.chibo.pulse.producers.internal;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV as RFC 4180 writes it: fields separated by one delimiter character, a field in double
 * quotes may hold the delimiter, line breaks and doubled quotes ({@code ""}); records end with
 * CRLF or LF. Spreadsheets in Vietnam write ',' or ';' (and tab for "Unicode text"), so the
 * delimiter is a parameter; {@link #detectDelimiter} guesses it from the header line.
 */
public final class CsvReader {
    /** A record and its number, as a spreadsheet counts rows (the header is row 1; a line break inside a cell starts no row). */
    public record Row(long number, List<String> fields) {
        public boolean isBlank() {
            return fields.stream().allMatch(String::isBlank);
        }
    }

    /** A quote left open or text after a closing quote. */
    public static final class MalformedCsv extends IOException {
        private final long row;

        public MalformedCsv(long row, String message) {
            super(message);
            this.row = row;
        }

        public long row() {
            return row;
        }
    }

    private final Reader in;
    private final char delimiter;
    private final char[] buffer = new char[8192];
    private int pos;
    private int limit;
    private long rowNumber;
    private int pushedBack = -2;
    private long charsRead;

    public CsvReader(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The delimiter of a header line: whichever of tab, ';' and ',' occurs most outside quotes (',' on a tie). */
    public static char detectDelimiter(String headerLine) {
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = 0; i < headerLine.length(); i++) {
            char c = headerLine.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                if (c == ',') {
                    commas++;
                } else if (c == ';') {
                    semicolons++;
                } else if (c == '\t') {
                    tabs++;
                }
            }
        }
        if (tabs > commas && tabs > semicolons) {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
    }

    /** Characters taken from the input so far (read ahead by up to one buffer), for progress. */
    public long charsRead() {
        return charsRead;
    }

    /** The next record, or null at the end of the input. */
    public Row next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        rowNumber++;
        long number = rowNumber;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new MalformedCsv(number, "a quoted field is never closed");
                }
                if (c == '"') {
                    int n = read();
                    if (n == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        c = n;
                        continue;
                    }
                } else {
                    field.append((char) c); // a line break inside quotes stays in the cell, as in a spreadsheet
                }
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == -1) {
                fields.add(field.toString());
                return new Row(number, fields);
            } else if (c == '\r') {
                int n = read();
                if (n != '\n') {
                    unread(n);
                }
                fields.add(field.toString());
                return new Row(number, fields);
            } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (wasQuoted) {
                if (c != ' ' && c != '\t') {
                    throw new MalformedCsv(number, "text after the closing quote of field " + (fields.size() + 1));
                }
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        if (pos == limit) {
            limit = in.read(buffer, 0, buffer.length);
            pos = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
            charsRead += limit;
        }
        return buffer[pos++];
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
