package vn.chibo.pulse.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import vn.chibo.pulse.cli.UsageException;

class UpConfigTest {

    @Test
    void defaultsGiveStablePortsANewcomerExpects() {
        UpConfig config = UpConfig.fromArgs(List.of());
        assertThat(config.kafkaPort()).isEqualTo(9092);
        assertThat(config.registryPort()).isEqualTo(8081);
        assertThat(config.dashboardPort()).isEqualTo(8080);
        assertThat(config.pgPort()).as("beside a system PostgreSQL on 5432").isEqualTo(5433);
        assertThat(config.simulator()).isTrue();
        assertThat(config.fresh()).isFalse();
    }

    @Test
    void everySettingIsAFlagAndBooleansTakeANoForm() {
        UpConfig config = UpConfig.fromArgs(List.of(
                "--kafka-port", "19092", "--registry-port=18081", "--event-partitions", "6", "--no-simulator", "--fresh"));
        assertThat(config.kafkaPort()).isEqualTo(19092);
        assertThat(config.registryPort()).isEqualTo(18081);
        assertThat(config.eventPartitions()).isEqualTo(6);
        assertThat(config.simulator()).isFalse();
        assertThat(config.fresh()).isTrue();
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThatThrownBy(() -> UpConfig.fromArgs(List.of("--kafka-port", "70000")))
                .isInstanceOf(UsageException.class).hasMessageContaining("kafka.port");
        assertThatThrownBy(() -> UpConfig.fromArgs(List.of("--kafka-port", "many")))
                .isInstanceOf(UsageException.class).hasMessageContaining("kafka.port");
        assertThatThrownBy(() -> UpConfig.fromArgs(List.of("--dashboard-port")))
                .isInstanceOf(UsageException.class).hasMessage("up: --dashboard-port needs a value");
        assertThatThrownBy(() -> UpConfig.fromArgs(List.of("--no-kafka-port")))
                .isInstanceOf(UsageException.class).hasMessage("up: unknown option --no-kafka-port (see ./pulse help)");
    }
}
