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
 * What docker-compose's services run ({@code ./pulse streams}, {@code ./pulse sink}): a component
 * that stops on an error of its own ends the command with status 1, so that its supervisor restarts
 * it; before, the command waited for SIGTERM and the service stayed up with nothing done.
 */
class ServiceCommandsTest {

    @Test
    void aComponentThatFailsForGoodEndsTheCommandWithStatusOne() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ServiceCommands.runUntilStopped(() -> { }, "sink", () -> true, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(Command.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("pulse sink: stopped on an error it cannot recover from");
    }

    /** docker-compose hands the services their secrets in the environment: none is on a command line that ps shows. */
    @Test
    void theServicesTakeTheirPasswordsAndUsersFromTheEnvironment() throws Exception {
        Map<String, String> env = Map.of("PULSE_STREAMS_USER", "pulse", "PULSE_STREAMS_PASSWORD", "mật khẩu",
                "PULSE_QUERY_USERS", "pulse:hash-q", "PULSE_BOARD_USERS", "doc:hash-b", "PULSE_SINK_HEALTH_USERS", "prometheus:hash-s",
                "PULSE_PG_PASSWORD", "pg-secret");
        Map<String, String> endpoints = Endpoints.resolve(Map.of(), env, null);

        assertThat(ServiceCommands.streamsSettings(endpoints)).containsEntry("http.peer.user", "pulse")
                .containsEntry("http.peer.password", "mật khẩu").containsEntry("http.authentication.users", "pulse:hash-q");
        assertThat(ServiceCommands.dashboardSettings(endpoints)).containsEntry("dashboard.streams.user", "pulse")
                .containsEntry("dashboard.streams.password", "mật khẩu").containsEntry("dashboard.authentication.users", "doc:hash-b")
                .containsEntry("dashboard.pg.password", "pg-secret");
        assertThat(ServiceCommands.sinkSettings(endpoints)).containsEntry("health.authentication.users", "prometheus:hash-s")
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
