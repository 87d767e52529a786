package vn.chibo.pulse.producers;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import vn.chibo.pulse.domain.EventJson;
import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.producers.internal.Endpoints;
import vn.chibo.pulse.producers.internal.JsonLines;
import vn.chibo.pulse.producers.internal.Progress;
import vn.chibo.pulse.producers.internal.PublishRun;

/**
 * {@code pulse publish FILE}: reads events in the JSON Lines format of SPEC.md §2, refuses the
 * lines that break a rule it can check alone (reported on stderr as
 * {@code line N: REASON: message}) and publishes the others. A line longer than
 * {@link JsonLines#MAX_LINE_BYTES} is refused unread, and a record the broker refuses (too large)
 * is reported for its line; the rest of the file goes on in both cases. It exits only once every
 * sent event is acknowledged. Exit status: 0 all sent, 1 some lines rejected or refused, 2 usage
 * or connection error (or a send that failed after its retries).
 */
public final class PublishCommand {
    static final String USAGE = String.join("\n",
            "usage: pulse publish [--dry-run] [--progress=auto|bar|lines|none] FILE",
            "  FILE            events as JSON Lines (SPEC.md section 2), UTF-8, at most 1 MiB a line; '-' reads standard input",
            "  --dry-run       check every line and report, send nothing (needs no Kafka)",
            "  --progress=...  progress on stderr: a bar on a terminal, a line every 5 s otherwise (auto)",
            "exit status: 0 all sent, 1 some lines rejected, 2 usage or connection error");

    /** How long the endpoints may take to answer before publish gives up. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private PublishCommand() {}

    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "vn.chibo.pulse");
        Map<String, String> endpoints = new HashMap<>();
        putEnv(endpoints, Endpoints.KAFKA_BOOTSTRAP, "PULSE_KAFKA_BOOTSTRAP");
        putEnv(endpoints, Endpoints.REGISTRY_URL, "PULSE_REGISTRY_URL");
        System.exit(run(List.of(args), endpoints, System.out, System.err));
    }

    /**
     * Runs the command.
     *
     * @param endpoints {@code kafka.bootstrap} and {@code registry.url}, as the cli resolved them
     * @return the exit status
     */
    public static int run(List<String> args, Map<String, String> endpoints, PrintStream out, PrintStream err) {
        return run(args, endpoints, System.in, out, err);
    }

    /** As {@link #run(List, Map, PrintStream, PrintStream)}, with the stream that {@code -} reads. */
    public static int run(List<String> args, Map<String, String> endpoints, InputStream stdin, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("publish: " + e.getMessage());
            err.println(USAGE);
            return PublishRun.FAILED;
        }
        if (options.help) {
            out.println(USAGE);
            return PublishRun.OK;
        }

        InputStream in;
        long size = -1;
        try {
            if (options.file.equals("-")) {
                in = new FilterInputStream(stdin) {
                    @Override
                    public void close() {
                        // standard input belongs to the process, not to this command
                    }
                };
            } else {
                Path path = Path.of(options.file);
                if (Files.isDirectory(path)) {
                    err.println("publish: " + options.file + " is a directory");
                    return PublishRun.FAILED;
                }
                in = Files.newInputStream(path);
                size = Files.size(path);
            }
        } catch (NoSuchFileException e) {
            err.println("publish: no such file: " + options.file);
            return PublishRun.FAILED;
        } catch (IOException | RuntimeException e) {
            err.println("publish: cannot read " + options.file + ": " + e.getMessage());
            return PublishRun.FAILED;
        }

        CommunePublisher publisher = null;
        try (JsonLines lines = new JsonLines(in)) {
            if (!options.dryRun) {
                publisher = connect(endpoints, "pulse-publish");
            }
            Progress.Mode mode = options.progress != null ? options.progress : Progress.auto(err);
            PublishRun run = new PublishRun("publish", publisher, out, err, new Progress(mode, err, size, "lines"), "line");
            Clock clock = Clock.systemUTC();
            LocalDate today = EventRules.today(clock);
            long checkedAt = System.nanoTime();
            JsonLines.Line line;
            while ((line = lines.next()) != null) {
                if (line.isTooLong()) {
                    run.reject(line.number(), Rejection.of(RejectionReason.TOO_LONG, "the line is " + line.bytes()
                            + " bytes long, at most " + JsonLines.MAX_LINE_BYTES + " (1 MiB) allowed"));
                    continue;
                }
                if (!line.isUtf8()) {
                    run.reject(line.number(), Rejection.of(RejectionReason.INVALID_JSON, "not valid UTF-8"));
                    continue;
                }
                if (line.text().isBlank()) {
                    run.skip();
                    continue;
                }
                if (System.nanoTime() - checkedAt > 60_000_000_000L) { // a long run may cross midnight
                    today = EventRules.today(clock);
                    checkedAt = System.nanoTime();
                }
                if (!run.offer(line.number(), EventJson.parse(line.text(), today), lines.bytesRead())) {
                    break;
                }
            }
            return run.finish();
        } catch (Endpoints.Unreachable e) {
            err.println("publish: " + e.getMessage());
            return PublishRun.FAILED;
        } catch (IOException e) {
            err.println("publish: cannot read " + options.file + ": " + e.getMessage());
            return PublishRun.FAILED;
        } finally {
            if (publisher != null) {
                publisher.close(Duration.ofSeconds(5));
            }
        }
    }

    /**
     * Checks both endpoints and opens a publisher tuned for a command line run: bounded waits,
     * so that a broker that goes away gives an error in about a minute, not never.
     */
    static CommunePublisher connect(Map<String, String> endpoints, String clientId) throws Endpoints.Unreachable {
        String bootstrap = Endpoints.require(endpoints, Endpoints.KAFKA_BOOTSTRAP,
                "--bootstrap, PULSE_KAFKA_BOOTSTRAP or .pulse/endpoints.properties from ./pulse up");
        String registry = Endpoints.require(endpoints, Endpoints.REGISTRY_URL,
                "--registry, PULSE_REGISTRY_URL or .pulse/endpoints.properties from ./pulse up");
        Endpoints.checkKafka(bootstrap, CONNECT_TIMEOUT);
        Endpoints.checkRegistry(registry, CONNECT_TIMEOUT);
        Map<String, Object> config = new HashMap<>();
        config.put(CommunePublisherConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(CommunePublisherConfig.SCHEMA_REGISTRY_URL_CONFIG, registry);
        config.put(CommunePublisherConfig.CLIENT_ID_CONFIG, clientId);
        config.put(CommunePublisherConfig.MAX_BLOCK_MS_CONFIG, CONNECT_TIMEOUT.toMillis());
        config.put(CommunePublisherConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        config.put(CommunePublisherConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        config.put(CommunePublisherConfig.LINGER_MS_CONFIG, 10);
        config.put(CommunePublisherConfig.REGISTRY_PREFIX + "http.connect.timeout.ms", (int) CONNECT_TIMEOUT.toMillis());
        return new CommunePublisher(new CommunePublisherConfig(config));
    }

    private static void putEnv(Map<String, String> endpoints, String key, String env) {
        String value = System.getenv(env);
        if (value != null && !value.isBlank()) {
            endpoints.put(key, value);
        }
    }

    /** The command line of publish and import-meetings. */
    static final class Options {
        boolean help;
        boolean dryRun;
        Progress.Mode progress;
        String file;
        final Map<String, String> extra = new HashMap<>();

        static Options parse(List<String> args) {
            return parse(args, List.of());
        }

        /** @param valued further options that take a value, e.g. "--delimiter" */
        static Options parse(List<String> args, List<String> valued) {
            Options o = new Options();
            List<String> files = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("-h") || a.equals("--help")) {
                    o.help = true;
                } else if (a.equals("--dry-run")) {
                    o.dryRun = true;
                } else if (a.equals("--quiet") || a.equals("-q")) {
                    o.progress = Progress.Mode.NONE;
                } else if (a.startsWith("--progress")) {
                    String v = value(args, i, a, "--progress");
                    if (!a.contains("=")) {
                        i++;
                    }
                    o.progress = switch (v) {
                        case "auto" -> null;
                        case "bar" -> Progress.Mode.BAR;
                        case "lines" -> Progress.Mode.LINES;
                        case "none" -> Progress.Mode.NONE;
                        default -> throw new IllegalArgumentException("--progress takes auto, bar, lines or none, not '" + v + "'");
                    };
                } else if (valued.stream().anyMatch(v -> a.equals(v) || a.startsWith(v + "="))) {
                    String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                    o.extra.put(name, value(args, i, a, name));
                    if (!a.contains("=")) {
                        i++;
                    }
                } else if (a.startsWith("-") && !a.equals("-")) {
                    throw new IllegalArgumentException("unknown option " + a);
                } else {
                    files.add(a);
                }
            }
            if (o.help) {
                return o;
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no FILE given");
            }
            if (files.size() > 1) {
                throw new IllegalArgumentException("one FILE only, got " + files.size() + ": " + String.join(" ", files));
            }
            o.file = files.get(0);
            return o;
        }

        private static String value(List<String> args, int i, String arg, String name) {
            if (arg.startsWith(name + "=")) {
                return arg.substring(name.length() + 1);
            }
            if (!arg.equals(name)) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args.get(i + 1);
        }
    }
}
