package vn.chibo.pulse.streams.it;

import java.io.IOException;
import java.net.URI;
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

/**
 * The streams app in a child JVM (java + this test's classpath, running {@link StreamsMain}), so
 * that a test can kill it the hard way: SIGKILL, no shutdown hook, no flush, no commit.
 */
public final class AppProcess implements AutoCloseable {
    private static final Pattern URL_LINE = Pattern.compile("queries at (http://\\S+)");

    private final Process process;
    private final Path log;
    private final long logStart;

    private AppProcess(Process process, Path log, long logStart) {
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    public static AppProcess start(Map<String, String> settings, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=vn.chibo.pulse",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), StreamsMain.class.getName()));
        settings.forEach((k, v) -> command.add(k + "=" + v));
        Files.createDirectories(log.getParent());
        long start = Files.exists(log) ? Files.size(log) : 0;
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new AppProcess(p, log, start);
    }

    /** The query URL the app printed, once it printed it. */
    public URI awaitQueryUrl(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited with " + process.exitValue() + "; see " + log);
            }
            String text = Files.readString(log);
            Matcher m = URL_LINE.matcher(text.substring((int) Math.min(logStart, text.length())));
            if (m.find()) {
                return URI.create(m.group(1));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the app printed no query URL within " + timeout + "; see " + log);
    }

    /** SIGKILL, then wait until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the app's shutdown hook closes it cleanly. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
