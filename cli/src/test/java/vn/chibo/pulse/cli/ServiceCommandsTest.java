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

import vn.chibo.pulse.dashboard.DashboardServer;
import vn.chibo.pulse.sink.SinkMain;
import vn.chibo.pulse.streams.StreamsMain;

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

    /** docker-compose hands the services their secrets in the environment: none is on a command line that ps shows. */
    @Test
    void theServicesTakeTheirPasswordsAndUsersFromTheEnvironment() throws Exception {
        Map<String, String> env = Map.of("PULSE_STREAMS_USER", "pulse", "PULSE_STREAMS_PASSWORD", "mật khẩu",
                "PULSE_QUERY_USERS", "pulse:hash-q", "PULSE_BOARD_USERS", "doc:hash-b", "PULSE_SINK_HEALTH_USERS", "prometheus:hash-s",
                "PULSE_PG_PASSWORD", "pg-secret");
        Map<String, String> endpoints = Endpoints.resolve(Map.of(), env, null);

        assertThat(ServiceCommands.settingsFor(StreamsMain.SERVICE, endpoints)).containsEntry("http.peer.user", "pulse")
                .containsEntry("http.peer.password", "mật khẩu").containsEntry("http.authentication.users", "pulse:hash-q");
        assertThat(ServiceCommands.settingsFor(DashboardServer.SERVICE, endpoints)).containsEntry("dashboard.streams.user", "pulse")
                .containsEntry("dashboard.streams.password", "mật khẩu").containsEntry("dashboard.authentication.users", "doc:hash-b")
                .containsEntry("dashboard.pg.password", "pg-secret");
        assertThat(ServiceCommands.settingsFor(SinkMain.SERVICE, endpoints)).containsEntry("health.authentication.users", "prometheus:hash-s")
                .containsEntry("pg.password", "pg-secret");
    }

    @Test
    void aSinkGivenMalformedHealthUsersInTheEnvironmentIsRefusedNamingTheSetting(@TempDir Path state) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Pulse.run(List.of("sink", "health.port=0", "health.authentication.method=BASIC"),
                Map.of("PULSE_SINK_HEALTH_USERS", "prometheus-without-a-hash", "PULSE_STATE_DIR", state.toString()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(Command.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("health.authentication.users", "each user is name:hash");
    }
}
