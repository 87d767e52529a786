package vn.chibo.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointsTest {

    @TempDir
    Path dir;

    @Test
    void aFlagBeatsTheEnvironmentWhichBeatsTheEndpointsFile() throws Exception {
        Path file = dir.resolve(Endpoints.FILE_NAME);
        Endpoints.write(file, Map.of(
                "kafka.bootstrap", "file:9092",
                "registry.url", "http://file:8081",
                "pg.url", "jdbc:postgresql://file:5433/pulse",
                "dashboard.url", "http://file:8080"));
        Map<String, String> env = Map.of(
                "PULSE_KAFKA_BOOTSTRAP", "env:9092",
                "PULSE_REGISTRY_URL", "http://env:8081");
        Map<String, String> flags = Map.of("kafka.bootstrap", "flag:9092");

        Map<String, String> resolved = Endpoints.resolve(flags, env, file);

        assertThat(resolved).containsOnly(
                entry("kafka.bootstrap", "flag:9092"),
                entry("registry.url", "http://env:8081"),
                entry("pg.url", "jdbc:postgresql://file:5433/pulse"),
                entry("dashboard.url", "http://file:8080"));
    }

    @Test
    void anEmptyEnvironmentVariableDoesNotHideTheFile() throws Exception {
        Path file = dir.resolve(Endpoints.FILE_NAME);
        Endpoints.write(file, Map.of("pg.user", "postgres"));
        assertThat(Endpoints.resolve(Map.of(), Map.of("PULSE_PG_USER", ""), file))
                .containsExactly(entry("pg.user", "postgres"));
    }

    @Test
    void withoutAFileOnlyFlagsAndEnvironmentCount() throws Exception {
        Map<String, String> resolved = Endpoints.resolve(Map.of("pg.password", "s3cret"),
                Map.of("PULSE_PG_URL", "jdbc:postgresql://db:5432/pulse"), dir.resolve("missing.properties"));
        assertThat(resolved).containsOnly(
                entry("pg.url", "jdbc:postgresql://db:5432/pulse"),
                entry("pg.password", "s3cret"));
        assertThat(Endpoints.resolve(Map.of(), Map.of(), null)).isEmpty();
    }

    @Test
    void theFileKeepsValuesThatPropertiesWouldOtherwiseMangle() throws Exception {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("pg.url", "jdbc:postgresql://127.0.0.1:5433/pulse?ssl=false&options=-c search_path=a\\b");
        endpoints.put("pg.password", " #!tricky=:value\t");
        endpoints.put("pg.user", "");
        Path file = dir.resolve(Endpoints.FILE_NAME);
        Endpoints.write(file, endpoints);
        assertThat(Endpoints.read(file)).containsOnly(
                entry("pg.url", endpoints.get("pg.url")),
                entry("pg.password", endpoints.get("pg.password")),
                entry("pg.user", ""));
    }

    @Test
    void theFileIsReadableByItsOwnerOnlyEvenWhenItReplacesAnOpenOne() throws Exception {
        Path file = dir.resolve("endpoints.properties");
        Files.writeString(file, "old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(dir.resolve("endpoints.properties.tmp"), "left by a crash\n"); // its mode must not carry over
        Files.setPosixFilePermissions(dir.resolve("endpoints.properties.tmp"), PosixFilePermissions.fromString("rw-rw-rw-"));

        Endpoints.write(file, Map.of(Endpoints.PG_URL, "jdbc:postgresql://127.0.0.1:5433/pulse", Endpoints.PG_PASSWORD, "s3cret"));

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(file)).contains("s3cret");
    }
}
