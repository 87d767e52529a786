package vn.chibo.pulse.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The sink as a separate JVM (SinkMain), so that a test can kill it outright, as a crash would. */
public final class SinkProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private SinkProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static SinkProcess start(Map<String, String> settings, Path log) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp", classpath, SinkMain.class.getName()));
        // ps shows a command line to every user of the machine: the URL (it carries the test server's
        // password) and a password go to the child through its environment instead
        Map<String, String> secret = Map.of(SinkConfig.PG_URL, "PULSE_PG_URL", SinkConfig.PG_PASSWORD, "PULSE_PG_PASSWORD");
        settings.forEach((k, v) -> {
            if (!secret.containsKey(k)) {
                command.add(k + "=" + v);
            }
        });
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().remove("PULSE_PG_URL");
        builder.environment().remove("PULSE_PG_PASSWORD");
        builder.environment().remove("PULSE_KAFKA_BOOTSTRAP");
        builder.environment().remove("PULSE_REGISTRY_URL");
        secret.forEach((setting, variable) -> {
            if (settings.containsKey(setting)) {
                builder.environment().put(variable, settings.get(setting));
            }
        });
        return new SinkProcess(builder.start(), log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no rollback, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    kill();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
