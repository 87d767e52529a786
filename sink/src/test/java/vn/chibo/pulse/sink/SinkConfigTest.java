package vn.chibo.pulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.chibo.pulse.launch.ServiceLauncher;

class SinkConfigTest {

    @Test
    void everySettingHasADefaultAndADescription() {
        SinkConfig.definition().configKeys().values().forEach(key -> {
            assertThat(key.hasDefault()).as(key.name).isTrue();
            assertThat(key.documentation).as(key.name).isNotBlank();
        });
        SinkConfig defaults = new SinkConfig(Map.of());
        assertThat(defaults.getString(SinkConfig.DEAD_LETTER_TOPIC)).isEqualTo("pulse.rejected");
        assertThat(defaults.getInt(SinkConfig.HEALTH_PORT)).isEqualTo(-1);
    }

    @Test
    void aPostgresqlUrlWithoutTheJdbcPrefixIsAccepted() {
        SinkConfig config = new SinkConfig(Map.of(SinkConfig.PG_URL, "postgresql://db.example:5433/pulse"));
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/pulse");
    }

    @Test
    void aBackoffCapBelowTheFirstWaitIsRefused() {
        assertThatThrownBy(() -> new SinkConfig(Map.of(SinkConfig.BACKOFF_MIN_MS, "500", SinkConfig.BACKOFF_MAX_MS, "100")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("backoff.max.ms");
        assertThatThrownBy(() -> new SinkConfig(Map.of(SinkConfig.PG_URL, "jdbc:mysql://x/y")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void aWrongUrlIsReportedWithoutThePasswordItCarries() {
        assertThatThrownBy(() -> new SinkConfig(Map.of(SinkConfig.PG_URL, "jdbc:mysql://db/pulse?user=sink&password=s3cret")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("pg.url").message().doesNotContain("s3cret");
    }

    @Test
    void passThroughSettingsReachTheKafkaClientsWithoutTheirPrefix() {
        SinkConfig config = new SinkConfig(Map.of("consumer.fetch.max.bytes", "1000", "producer.linger.ms", "5"));
        assertThat(config.consumerOverrides()).containsEntry("fetch.max.bytes", "1000");
        assertThat(config.producerOverrides()).containsEntry("linger.ms", "5");
    }

    @Test
    void argumentsOverrideFilesWhichOverrideTheEnvironment(@TempDir Path dir) throws Exception {
        Path endpoints = dir.resolve("endpoints.properties");
        Files.writeString(endpoints, "kafka.bootstrap=file:1\npg.url=jdbc:postgresql://file/db\ndashboard.url=http://x\n");
        Map<String, String> settings = ServiceLauncher.resolve(SinkMain.SERVICE.fromEnvironment(
                Map.of("PULSE_KAFKA_BOOTSTRAP", "env:1", "PULSE_REGISTRY_URL", "http://env:8081", "PULSE_PG_URL", "jdbc:postgresql://env/db")),
                List.of(), List.of(endpoints.toString(), "pg.url=jdbc:postgresql://arg/db"));

        assertThat(settings).containsEntry("kafka.bootstrap", "file:1")
                .containsEntry("registry.url", "http://env:8081")
                .containsEntry("pg.url", "jdbc:postgresql://arg/db");
        new SinkConfig(settings); // unknown keys such as dashboard.url are tolerated
    }
}
