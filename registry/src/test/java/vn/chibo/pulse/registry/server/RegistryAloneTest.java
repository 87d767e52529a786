package vn.chibo.pulse.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's own main, in a JVM of its own, started as every service is (vn.chibo.pulse.launch): it serves
 * until SIGTERM and then exits with status 0; a bad setting ends it with status 2 before it listens.
 */
class RegistryAloneTest {
    private static final String READY = "pulse registry: schema registry ready at ";

    @TempDir
    Path dir;

    @Test
    void itServesUntilSigtermAndThenExitsWithStatusZero() throws Exception {
        Path log = dir.resolve("registry.log");
        Process registry = start(log, "host=127.0.0.1", "port=0");
        try {
            String url = awaitReady(registry, log);
            HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/subjects")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.statusCode()).isEqualTo(200);
            assertThat(subjects.body()).isEqualTo("[]");

            registry.destroy(); // SIGTERM

            assertThat(registry.waitFor(30, TimeUnit.SECONDS)).as("stops; see %s", log).isTrue();
            assertThat(registry.exitValue()).as("exit status; see %s", log).isZero();
            assertThat(Files.readString(log)).contains("Schema registry at " + url + " stopped");
        } finally {
            registry.destroyForcibly();
        }
    }

    @Test
    void aBadSettingEndsItWithStatusTwoNamingTheSetting() throws Exception {
        Path log = dir.resolve("registry.log");
        Process registry = start(log, "port=eighty-eighty");

        assertThat(registry.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(registry.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("pulse registry: ", "port", "eighty-eighty").doesNotContain(READY);
    }

    @Test
    void helpListsItsDeclaredSettingsWithTheirDefaults() throws Exception {
        Path log = dir.resolve("registry.log");
        Process registry = start(log, "--help");

        assertThat(registry.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(registry.exitValue()).isZero();
        assertThat(Files.readString(log)).contains("Usage: pulse registry", "kafkastore.topic <string>  default _schemas",
                "kafkastore.bootstrap.servers <string>  default (none), environment PULSE_KAFKA_BOOTSTRAP");
    }

    private static Process start(Path log, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                SchemaRegistryServer.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("PULSE_KAFKA_BOOTSTRAP"); // schemas in memory
        return builder.start();
    }

    private static String awaitReady(Process registry, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith(READY)) {
                    return line.substring(READY.length()).trim();
                }
            }
            assertThat(registry.isAlive()).as("the registry runs; see %s", log).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the registry did not say it was ready; see " + log);
    }
}
