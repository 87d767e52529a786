package vn.chibo.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PulseTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Pulse.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryCommandAndEveryUpOption() {
        assertThat(run("help")).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("up ", "publish ", "import-meetings ", "bench ",
                "--kafka-bootstrap", "PULSE_REGISTRY_URL", "--pg-password",
                "--kafka-port <int>", "(default 9092)", "--no-simulator", "--fresh");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(run("launch")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("pulse: unknown command 'launch'; ./pulse help lists them\n");
    }
}
