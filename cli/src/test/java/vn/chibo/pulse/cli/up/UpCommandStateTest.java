package vn.chibo.pulse.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code up} treats its state directory, stopped before anything starts by a port that is taken. */
class UpCommandStateTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int up(Path stateDir, int takenPort, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--kafka-port", String.valueOf(takenPort), "--no-simulator"));
        args.addAll(List.of(more));
        return new UpCommand(stateDir).run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void freshWipesTheStateButKeepsTheLogs() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectories(state.resolve("kafka"));
        Files.writeString(state.resolve(UpCommand.MARKER), "");
        Files.writeString(state.resolve("kafka").resolve("00000000.log"), "old records");
        Files.createDirectories(state.resolve("logs"));
        Files.writeString(state.resolve("logs").resolve("up.log"), "earlier run");
        try (ServerSocket taken = takenPort()) {
            assertThat(up(state, taken.getLocalPort(), "--fresh")).isEqualTo(1);
        }
        assertThat(state.resolve("kafka")).doesNotExist();
        assertThat(state.resolve(UpCommand.MARKER)).exists();
        assertThat(state.resolve("logs").resolve("up.log")).hasContent("earlier run");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Wiped " + state.toAbsolutePath());
    }

    @Test
    void withoutFreshTheStateIsKept() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectories(state.resolve("kafka"));
        Files.writeString(state.resolve(UpCommand.MARKER), "");
        try (ServerSocket taken = takenPort()) {
            assertThat(up(state, taken.getLocalPort())).isEqualTo(1);
        }
        assertThat(state.resolve("kafka")).isDirectory();
    }

    @Test
    void upWillNotTakeOverADirectoryThatIsNotItsOwn() throws Exception {
        Files.writeString(dir.resolve("thesis.txt"), "not to be wiped");
        try (ServerSocket taken = takenPort()) {
            assertThat(up(dir, taken.getLocalPort(), "--fresh")).isEqualTo(1);
        }
        assertThat(dir.resolve("thesis.txt")).hasContent("not to be wiped");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("pulse up: " + dir.toAbsolutePath()
                + " holds files but is not a ./pulse up state directory; give --state-dir a new or empty directory\n");
    }

    private static ServerSocket takenPort() throws Exception {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }
}
