package vn.chibo.pulse.bench.internal;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import vn.chibo.pulse.stack.Ports;
import vn.chibo.pulse.streams.StreamsService;

/**
 * The streams app and the sink, each in a JVM of its own (their mains, StreamsMain and SinkMain,
 * as docker-compose runs them), started fresh against a broker, registry and database.
 */
public final class PipelineProcesses implements AutoCloseable {
    public static final String STREAMS_MAIN = "vn.chibo.pulse.streams.StreamsMain";
    public static final String SINK_MAIN = "vn.chibo.pulse.sink.SinkMain";
    /** application.id of the streams app: its consumer group, the app's own default (it changes with the app's state). */
    public static final String STREAMS_GROUP = (String) StreamsService.configDef().defaultValues().get("application.id");
    /** group.id of the sink: the name its offsets are stored under. */
    public static final String SINK_NAME = "pulse-sink";

    private final ChildJvm streams;
    private final ChildJvm sink;
    private static final Pattern WAITING = Pattern.compile("\"waiting\":(\\d+)");
    private final URI queries;

    /** Where the pipeline runs against. */
    public record Endpoints(String kafka, String registry, String pgUrl, String pgUser, String pgPassword) {}

    /** JVM options and extra settings of each process. */
    public record Options(List<String> streamsJvm, List<String> sinkJvm, Map<String, String> streamsSettings,
                          Map<String, String> sinkSettings, Path jfrDir) {}

    private PipelineProcesses(ChildJvm streams, ChildJvm sink, URI queries) {
        this.streams = streams;
        this.sink = sink;
        this.queries = queries;
    }

    /** Starts both and waits until the streams app is RUNNING and the sink reports healthy. */
    public static PipelineProcesses start(String label, Endpoints endpoints, Options options, Path workDir, Duration timeout)
            throws InterruptedException {
        List<String> streamsArgs = new ArrayList<>(List.of(
                "bootstrap.servers=" + endpoints.kafka(),
                "schema.registry.url=" + endpoints.registry(),
                "state.dir=" + workDir.resolve(label + "-streams-state"),
                "application.id=" + STREAMS_GROUP,
                "http.port=0"));
        options.streamsSettings().forEach((k, v) -> streamsArgs.add(k + "=" + v));
        ChildJvm streams = ChildJvm.start(label + "-streams", jvm(options.streamsJvm(), options.jfrDir(), label + "-streams"),
                STREAMS_MAIN, streamsArgs, workDir.resolve("logs/" + label + "-streams.log"), Map.of());
        ChildJvm sink = null;
        try {
            String line = streams.awaitLine(l -> l.startsWith("pulse streams: queries at "), timeout);
            URI queries = URI.create(line.substring("pulse streams: queries at ".length()).trim());
            int healthPort = Ports.free();
            List<String> sinkArgs = new ArrayList<>(List.of(
                    "kafka.bootstrap=" + endpoints.kafka(),
                    "registry.url=" + endpoints.registry(),
                    "pg.url=" + endpoints.pgUrl(),
                    "pg.user=" + endpoints.pgUser(),
                    "pg.password=" + endpoints.pgPassword(),
                    "group.id=" + SINK_NAME,
                    "health.port=" + healthPort));
            options.sinkSettings().forEach((k, v) -> sinkArgs.add(k + "=" + v));
            sink = ChildJvm.start(label + "-sink", jvm(options.sinkJvm(), options.jfrDir(), label + "-sink"),
                    SINK_MAIN, sinkArgs, workDir.resolve("logs/" + label + "-sink.log"), Map.of());
            awaitHttp(streams, queries.resolve("/health"), body -> body.contains("RUNNING"), timeout);
            awaitHttp(sink, URI.create("http://127.0.0.1:" + healthPort + "/health"), body -> true, timeout);
            return new PipelineProcesses(streams, sink, queries);
        } catch (RuntimeException | InterruptedException e) {
            if (sink != null) {
                sink.stop(Duration.ofSeconds(20));
            }
            streams.stop(Duration.ofSeconds(20));
            throw e;
        }
    }

    public ChildJvm streams() {
        return streams;
    }

    public ChildJvm sink() {
        return sink;
    }

    /** Throws if the streams app or the sink is no longer running. */
    public void checkAlive() {
        for (ChildJvm p : List.of(streams, sink)) {
            if (!p.isAlive()) {
                throw new IllegalStateException(p.name() + " stopped unexpectedly; see " + p.log());
            }
        }
    }

    /** The streams app's interactive-query URL, as the dashboard and reconcile take it. */
    public String queryUrl() {
        return queries.toString();
    }

    /** The streams app's count of refused events per reason (its interactive query), as compact JSON; "?" if it does not answer. */
    public String rejections() {
        try {
            HttpURLConnection c = (HttpURLConnection) queries.resolve("/api/rejections").toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(5000);
            try {
                return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replaceAll("\\s+", "");
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * The refusals once no event waits for reference data any more: an event whose branch is unknown is
     * refused only when its wait runs out, so counts read earlier can miss it. Waits at most {@code max};
     * the answer says how many still wait ({@code "waiting"}).
     */
    public String settledRejections(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        String answer = rejections();
        while (waiting(answer) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            answer = rejections();
        }
        return answer;
    }

    private static long waiting(String rejections) {
        Matcher m = WAITING.matcher(rejections);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Stops the sink first (it only reads), then the streams app; their peak memory is kept. */
    @Override
    public void close() {
        sink.stop(Duration.ofSeconds(30));
        streams.stop(Duration.ofSeconds(60));
    }

    static List<String> jvm(List<String> options, Path jfrDir, String name) {
        List<String> all = new ArrayList<>(options);
        if (jfrDir != null) {
            all.add("-XX:StartFlightRecording=filename=" + jfrDir.resolve(name + ".jfr") + ",settings=profile,dumponexit=true");
        }
        return all;
    }

    /** Polls a health URL until it answers 200 with a body {@code ok} accepts. */
    private static void awaitHttp(ChildJvm process, URI url, java.util.function.Predicate<String> ok, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited while starting; see " + process.log());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(2000);
                try {
                    int status = c.getResponseCode();
                    String body = new String((status < 400 ? c.getInputStream() : c.getErrorStream()).readAllBytes(),
                            StandardCharsets.UTF_8);
                    if (status == 200 && ok.test(body)) {
                        return;
                    }
                    last = status + " " + body;
                } finally {
                    c.disconnect();
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(process.name() + " did not become healthy within " + timeout.toSeconds()
                + " s (last answer: " + last + "); see " + process.log());
    }
}
