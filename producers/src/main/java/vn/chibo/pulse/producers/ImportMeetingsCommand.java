package vn.chibo.pulse.producers;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.producers.internal.CsvReader;
import vn.chibo.pulse.producers.internal.Endpoints;
import vn.chibo.pulse.producers.internal.MeetingRegister;
import vn.chibo.pulse.producers.internal.Progress;
import vn.chibo.pulse.producers.internal.PublishRun;

/**
 * {@code pulse import-meetings FILE.csv}: a commune clerk's meeting register, one meeting per
 * row, becomes MeetingRecorded events. The header row names the columns, in Vietnamese or
 * English (see docs/producers.md); rows that cannot become a valid event are reported as
 * {@code row N: REASON: message}, N counted as a spreadsheet counts rows (the header is row 1).
 * Exit status as for {@link PublishCommand}.
 */
public final class ImportMeetingsCommand {
    static final String USAGE = String.join("\n",
            "usage: pulse import-meetings [--dry-run] [--delimiter=,|;|tab] [--progress=auto|bar|lines|none] FILE.csv",
            "  FILE.csv        the meeting register, UTF-8 with or without BOM (UTF-16 with BOM too); '-' reads standard input",
            "                  columns: Mã cuộc họp, Mã chi bộ, Ngày, Loại, [Lần sửa], Số đảng viên phải dự, Số có mặt,",
            "                  [Vắng không lý do], Cấp ủy cấp trên dự, Tự phê bình, [Điểm chất lượng], [Mã sự kiện]",
            "                  (or their English names); an empty Điểm chất lượng (quality score, 0-100) is not scored",
            "  --dry-run       check every row and report, send nothing (needs no Kafka)",
            "  --delimiter=... the field separator; guessed from the header row when not given",
            "exit status: 0 all sent, 1 some rows rejected, 2 usage or connection error");

    private ImportMeetingsCommand() {}

    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "vn.chibo.pulse");
        Map<String, String> endpoints = new HashMap<>();
        String kafka = System.getenv("PULSE_KAFKA_BOOTSTRAP");
        String registry = System.getenv("PULSE_REGISTRY_URL");
        if (kafka != null) {
            endpoints.put(Endpoints.KAFKA_BOOTSTRAP, kafka);
        }
        if (registry != null) {
            endpoints.put(Endpoints.REGISTRY_URL, registry);
        }
        System.exit(run(List.of(args), endpoints, System.out, System.err));
    }

    public static int run(List<String> args, Map<String, String> endpoints, PrintStream out, PrintStream err) {
        return run(args, endpoints, System.in, out, err);
    }

    public static int run(List<String> args, Map<String, String> endpoints, InputStream stdin, PrintStream out, PrintStream err) {
        PublishCommand.Options options;
        Character delimiter;
        try {
            options = PublishCommand.Options.parse(args, List.of("--delimiter"));
            delimiter = delimiter(options.extra.get("--delimiter"));
        } catch (IllegalArgumentException e) {
            err.println("import-meetings: " + e.getMessage());
            err.println(USAGE);
            return PublishRun.FAILED;
        }
        if (options.help) {
            out.println(USAGE);
            return PublishRun.OK;
        }

        byte[] bytes;
        try {
            if (options.file.equals("-")) {
                bytes = stdin.readAllBytes();
            } else {
                Path path = Path.of(options.file);
                if (Files.isDirectory(path)) {
                    err.println("import-meetings: " + options.file + " is a directory");
                    return PublishRun.FAILED;
                }
                bytes = Files.readAllBytes(path); // a register is small; reading it whole lets a bad byte be placed exactly
            }
        } catch (NoSuchFileException e) {
            err.println("import-meetings: no such file: " + options.file);
            return PublishRun.FAILED;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            err.println("import-meetings: cannot read " + options.file + ": " + e.getMessage());
            return PublishRun.FAILED;
        }
        String text;
        try {
            text = decode(bytes);
        } catch (NotText e) {
            err.println("import-meetings: " + options.file + " " + e.getMessage() + "; save it as \"CSV UTF-8\"");
            return PublishRun.FAILED;
        }

        CommunePublisher publisher = null;
        PublishRun run = null;
        try {
            if (delimiter == null) {
                int eol = text.indexOf('\n');
                delimiter = CsvReader.detectDelimiter(eol < 0 ? text : text.substring(0, eol));
            }
            CsvReader csv = new CsvReader(new StringReader(text), delimiter);
            CsvReader.Row header = csv.next();
            while (header != null && header.isBlank()) {
                header = csv.next();
            }
            if (header == null) {
                err.println("import-meetings: " + options.file + " is empty");
                return PublishRun.FAILED;
            }
            MeetingRegister register = MeetingRegister.fromHeader(header.fields());
            if (!register.ignoredColumns().isEmpty()) {
                err.println("import-meetings: ignoring columns " + String.join(", ", register.ignoredColumns().stream()
                        .map(c -> "'" + c + "'").toList()));
            }
            if (!options.dryRun) {
                publisher = PublishCommand.connect(endpoints, "pulse-import-meetings");
            }
            Progress.Mode mode = options.progress != null ? options.progress : Progress.auto(err);
            run = new PublishRun("import-meetings", publisher, out, err, new Progress(mode, err, text.length(), "rows"), "row");
            LocalDate today = EventRules.today();
            int columns = header.fields().size();
            CsvReader.Row row;
            while ((row = csv.next()) != null) {
                if (row.isBlank()) {
                    run.skip();
                    continue;
                }
                if (row.fields().size() > columns && !row.fields().subList(columns, row.fields().size()).stream().allMatch(String::isBlank)) {
                    run.reject(row.number(), Rejection.of(RejectionReason.WRONG_TYPE,
                            "has " + row.fields().size() + " fields, the header has " + columns));
                    continue;
                }
                if (!run.offer(row.number(), register.toEvent(row.fields(), today), csv.charsRead())) {
                    break;
                }
            }
            return run.finish();
        } catch (MeetingRegister.BadHeader e) {
            err.println("import-meetings: " + e.getMessage());
            return PublishRun.FAILED;
        } catch (Endpoints.Unreachable e) {
            err.println("import-meetings: " + e.getMessage());
            return PublishRun.FAILED;
        } catch (CsvReader.MalformedCsv e) {
            err.println("import-meetings: row " + e.row() + ": " + e.getMessage() + "; nothing after it was read");
            return run == null ? PublishRun.FAILED : Math.max(run.finish(), PublishRun.FAILED);
        } catch (IOException e) {
            err.println("import-meetings: cannot read " + options.file + ": " + e.getMessage());
            return run == null ? PublishRun.FAILED : Math.max(run.finish(), PublishRun.FAILED);
        } finally {
            if (publisher != null) {
                publisher.close(Duration.ofSeconds(5));
            }
        }
    }

    /** The input is not text in an encoding we read; the message says where. */
    private static final class NotText extends Exception {
        NotText(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * UTF-8, with or without its BOM; UTF-16 when a UTF-16 BOM says so (Excel's "Unicode text").
     * A byte sequence that is not valid is placed by its line, so that the clerk can find it.
     */
    private static String decode(byte[] bytes) throws NotText {
        Charset charset = StandardCharsets.UTF_8;
        int skip = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            skip = 3;
        } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        }
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, skip, bytes.length - skip);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16, (long) bytes.length + 16));
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            long line = 1;
            for (int i = skip; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new NotText("is not " + (charset == StandardCharsets.UTF_8 ? "UTF-8" : charset.name()) + " (line " + line
                    + ", byte " + (at + 1) + ")");
        }
        out.flip();
        return out.toString();
    }

    private static Character delimiter(String option) {
        if (option == null) {
            return null;
        }
        switch (option) {
            case ",":
                return ',';
            case ";":
                return ';';
            case "tab", "\\t", "\t":
                return '\t';
            default:
                if (option.length() == 1 && option.charAt(0) != '"') {
                    return option.charAt(0);
                }
                throw new IllegalArgumentException("--delimiter takes one character, e.g. ',' ';' or tab, not '" + option + "'");
        }
    }
}
