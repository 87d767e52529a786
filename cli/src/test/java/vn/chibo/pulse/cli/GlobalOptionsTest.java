package vn.chibo.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GlobalOptionsTest {

    @Test
    void connectionFlagsAreTakenWhereverTheyStandAndTheRestKeepsItsOrder() {
        GlobalOptions options = GlobalOptions.parse(List.of(
                "--kafka-bootstrap", "k:9092", "publish", "--pg-url=jdbc:postgresql://h/db", "events.jsonl", "--dry"));
        assertThat(options.endpointFlags()).containsOnly(
                entry("kafka.bootstrap", "k:9092"), entry("pg.url", "jdbc:postgresql://h/db"));
        assertThat(options.rest()).containsExactly("publish", "events.jsonl", "--dry");
    }

    @Test
    void aDoubleDashEndsFlagParsing() {
        GlobalOptions options = GlobalOptions.parse(List.of("publish", "--", "--pg-url", "x"));
        assertThat(options.endpointFlags()).isEmpty();
        assertThat(options.rest()).containsExactly("publish", "--", "--pg-url", "x");
    }

    @Test
    void aFlagWithoutItsValueIsAUsageError() {
        assertThatThrownBy(() -> GlobalOptions.parse(List.of("publish", "--registry-url")))
                .isInstanceOf(UsageException.class)
                .hasMessage("--registry-url needs a value");
    }

    @Test
    void theStateDirectoryComesFromTheFlagElseTheEnvironmentElseTheRepository() {
        Map<String, String> env = Map.of("PULSE_STATE_DIR", "/env/state", "PULSE_HOME", "/repo");
        assertThat(GlobalOptions.parse(List.of("--state-dir", "/flag/state", "up")).stateDir(env))
                .isEqualTo(Path.of("/flag/state"));
        assertThat(GlobalOptions.parse(List.of("up")).stateDir(env)).isEqualTo(Path.of("/env/state"));
        assertThat(GlobalOptions.parse(List.of("up")).stateDir(Map.of("PULSE_HOME", "/repo")))
                .isEqualTo(Path.of("/repo/.pulse"));
        assertThat(GlobalOptions.parse(List.of("up")).stateDir(Map.of())).isEqualTo(Path.of(".pulse"));
    }
}
