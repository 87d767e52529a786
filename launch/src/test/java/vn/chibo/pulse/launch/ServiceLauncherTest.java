package vn.chibo.pulse.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every service main and {@code ./pulse streams|sink|dashboard} start through the launcher: one precedence for
 * settings, one {@code --help}, one meaning for each exit status.
 */
class ServiceLauncherTest {

    private static final ConfigDef SETTINGS = new ConfigDef()
            .define("kafka.bootstrap", Type.STRING, "127.0.0.1:9092", Importance.HIGH, "Kafka bootstrap servers.")
            .define("port", Type.INT, 8080, Range.between(0, 65535), Importance.HIGH, "Port of the entrance; 0 picks a free one.")
            .define("group.id", Type.STRING, "pulse-test", Importance.LOW, "Consumer group.")
            .define("pg.password", Type.PASSWORD, "", Importance.LOW, "PostgreSQL password.");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    /** The settings the service was started with; null while it was not started. */
    private final AtomicReference<Map<String, String>> started = new AtomicReference<>();

    /** A service that stops on its own as soon as it started, having failed or not. */
    private Service service(boolean fails) {
        return new Service("test", SETTINGS, Map.of("PULSE_KAFKA_BOOTSTRAP", "kafka.bootstrap", "PULSE_PORT", "port"),
                settings -> {
                    started.set(settings);
                    return new Running(() -> { }, "running on port " + settings.getOrDefault("port", "8080"), () -> fails);
                });
    }

    private static Service startingThrows(RuntimeException failure) {
        return new Service("test", SETTINGS, Map.of(), settings -> {
            throw failure;
        });
    }

    private int run(Service service, Map<String, String> env, String... args) {
        return ServiceLauncher.run(service, List.of(args), service.fromEnvironment(env), print(out), print(err));
    }

    @Test
    void eachSettingTakesTheLastOfEnvironmentFilesAndArguments() throws Exception {
        Path first = Files.writeString(dir.resolve("first.properties"), "kafka.bootstrap=first:9092\nport=1001\ngroup.id=from-file\n");
        Path second = Files.writeString(dir.resolve("second.properties"), "port=1002\n");

        int status = run(service(false), Map.of("PULSE_KAFKA_BOOTSTRAP", "env:9092", "PULSE_PORT", "1000"),
                "--config", first.toString(), second.toString(), "port=1003", "--group.id=from-argument");

        assertThat(status).isEqualTo(ServiceLauncher.OK);
        assertThat(started.get())
                .containsEntry("kafka.bootstrap", "first:9092")
                .containsEntry("port", "1003")
                .containsEntry("group.id", "from-argument");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("pulse test: running on port 1003");
    }

    @Test
    void theEnvironmentGivesWhatNoFileOrArgumentDoesAndBlankVariablesNothing() {
        run(service(false), Map.of("PULSE_KAFKA_BOOTSTRAP", "env:9092", "PULSE_PORT", " "));

        assertThat(started.get()).containsOnly(Map.entry("kafka.bootstrap", "env:9092"));
    }

    @Test
    void aValueIsKeptAsGivenSpacesAndAll() {
        run(service(false), Map.of(), "pg.password= ein Passwort ");

        assertThat(started.get()).containsEntry("pg.password", " ein Passwort ");
    }

    @Test
    void anArgumentNamingNoSettingIsSaidToBeIgnored() {
        Service passingConsumerSettings = new Service("test", SETTINGS, Map.of(), List.of("consumer."), service(false).starter());

        int status = run(passingConsumerSettings, Map.of(), "prot=8081", "consumer.fetch.max.bytes=1000", "port=8081");

        assertThat(status).isEqualTo(ServiceLauncher.OK);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("pulse test: ignoring prot, which is not one of its settings")
                .doesNotContain("consumer.fetch.max.bytes").doesNotContain("ignoring port");
    }

    @Test
    void helpListsEveryDeclaredSettingWithItsDefaultItsVariableAndThePrecedence() {
        int status = run(service(false), Map.of(), "--help");

        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(ServiceLauncher.OK);
        assertThat(started.get()).as("help starts nothing").isNull();
        assertThat(help).contains("Usage: pulse test", "--config=FILE")
                .contains("port <int>  default 8080, environment PULSE_PORT", "Port of the entrance; 0 picks a free one.")
                .contains("group.id <string>  default pulse-test")
                .contains("pg.password <password>  default (none)")
                .contains(ServiceLauncher.PRECEDENCE);
    }

    @Test
    void aBadValueEndsWithStatusTwoNamingTheSettingBeforeAnythingStarts() {
        int status = run(service(false), Map.of(), "port=eighty");

        assertThat(status).isEqualTo(ServiceLauncher.USAGE);
        assertThat(started.get()).isNull();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("pulse test: ").contains("port", "eighty", "--help");
    }

    @Test
    void aBadValueFromTheEnvironmentIsRefusedToo() {
        int status = run(service(false), Map.of("PULSE_PORT", "70000"));

        assertThat(status).isEqualTo(ServiceLauncher.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("port", "70000");
    }

    @Test
    void aSettingsFileThatCannotBeReadEndsWithStatusTwo() {
        int status = run(service(false), Map.of(), dir.resolve("missing.properties").toString());

        assertThat(status).isEqualTo(ServiceLauncher.USAGE);
        assertThat(started.get()).isNull();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read settings file", "missing.properties");
    }

    @Test
    void anUnknownOptionEndsWithStatusTwo() {
        assertThat(run(service(false), Map.of(), "-x")).isEqualTo(ServiceLauncher.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("\"-x\"");
    }

    @Test
    void settingsTheServiceRefusesWhenStartingEndWithStatusTwo() {
        int status = run(startingThrows(new IllegalArgumentException("pg.url must be a jdbc:postgresql URL")), Map.of());

        assertThat(status).isEqualTo(ServiceLauncher.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("pulse test: pg.url must be a jdbc:postgresql URL");
    }

    @Test
    void aServiceThatCannotStartEndsWithStatusOne() {
        int status = run(startingThrows(new IllegalStateException("the port is taken")), Map.of());

        assertThat(status).isEqualTo(ServiceLauncher.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("pulse test: could not start: the port is taken");
    }

    @Test
    void aServiceThatFailsForGoodEndsWithStatusOneSoThatItIsRestarted() {
        int status = run(service(true), Map.of());

        assertThat(status).isEqualTo(ServiceLauncher.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("pulse test: stopped on an error it cannot recover from");
    }

    private static PrintStream print(ByteArrayOutputStream to) {
        return new PrintStream(to, true, StandardCharsets.UTF_8);
    }
}
