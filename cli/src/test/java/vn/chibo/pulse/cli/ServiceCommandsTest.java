package vn.chibo.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What docker-compose's services run ({@code ./pulse streams}, {@code ./pulse sink}, {@code ./pulse dashboard})
 * starts as the services' own mains do: the same {@code --help} from the declared settings, the same refusal of a
 * bad setting with status 2, before anything connects.
 */
class ServiceCommandsTest {

    @TempDir
    Path state;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int pulse(String... args) {
        return Pulse.run(List.of(args), Map.of(GlobalOptions.STATE_DIR_ENV, state.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aBadSettingEndsTheCommandWithStatusTwoNamingIt() {
        int status = pulse("--kafka-bootstrap", "127.0.0.1:1", "streams", "commit.interval.ms=0");

        assertThat(status).isEqualTo(Command.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("pulse streams: ").contains("commit.interval.ms");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("queries at");
    }

    @Test
    void helpListsTheServicesDeclaredSettingsWithTheirDefaults() {
        int status = pulse("sink", "--help");

        assertThat(status).isEqualTo(Command.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: pulse sink", "--config=FILE",
                "pg.migrate <boolean>  default true", "pg.url <string>  default jdbc:postgresql://127.0.0.1:5432/postgres, environment PULSE_PG_URL");
    }
}
