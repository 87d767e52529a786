package vn.chibo.pulse.dashboard.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A board table as CSV: UTF-8 with a byte-order mark (without it Excel reads the Vietnamese as
 * Windows-1258 garbage), Excel's dialect (comma, CRLF, quotes where needed) by Commons CSV, the
 * headings first. Rates are percentages with one decimal (the heading says "(%)"), scores have one
 * decimal, both with a decimal point.
 */
final class CsvExport {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private CsvExport() {}

    static byte[] write(BoardTable table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            out.write(BYTE_ORDER_MARK);
            CSVFormat format = CSVFormat.EXCEL.builder().setHeader(table.headings().toArray(String[]::new)).get();
            try (CSVPrinter csv = new CSVPrinter(out, format)) {
                for (List<Object> row : table.rows()) {
                    List<String> cells = new ArrayList<>(row.size());
                    for (int i = 0; i < row.size(); i++) {
                        cells.add(cell(table.columns().get(i).kind(), row.get(i)));
                    }
                    csv.printRecord(cells);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    private static String cell(BoardTable.Kind kind, Object value) {
        if (value == null) {
            return "";
        }
        return switch (kind) {
            case TEXT -> SpreadsheetText.forCsv(value.toString());
            case COUNT -> value.toString();
            case SCORE -> oneDecimal(((Number) value).doubleValue());
            case PERCENT -> oneDecimal(((Number) value).doubleValue() * 100);
        };
    }

    private static String oneDecimal(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }
}
