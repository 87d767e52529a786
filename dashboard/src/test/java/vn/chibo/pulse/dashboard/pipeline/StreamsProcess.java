package vn.chibo.pulse.dashboard.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import vn.chibo.pulse.streams.StreamsMain;

/** The streams app in a child JVM running its own main class, {@link StreamsMain}, with this test's classpath. */
final class StreamsProcess implements AutoCloseable {

    private static final Pattern QUERY_URL = Pattern.compile("queries at (http://\\S+)");

    private final Process process;
    private final Path log;

    private StreamsProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static StreamsProcess start(Map<String, String> settings, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=vn.chibo.pulse",
                "-cp", System.getProperty("java.class.path"), StreamsMain.class.getName()));
        settings.forEach((k, v) -> command.add(k + "=" + v));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // Should this JVM end without closing the pipeline, the app must not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "streams-process-reaper"));
        return new StreamsProcess(p, log);
    }

    /** The interactive-query URL the app prints once it has started. */
    String awaitQueryUrl(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the streams app exited with " + process.exitValue() + "; see " + log);
            }
            Matcher m = QUERY_URL.matcher(Files.readString(log));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the streams app printed no query URL within " + timeout + "; see " + log);
    }

    /** SIGTERM: the app closes itself cleanly. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
