package vn.chibo.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

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
}
