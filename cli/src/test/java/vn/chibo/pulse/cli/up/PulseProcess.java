package vn.chibo.pulse.cli.up;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import vn.chibo.pulse.cli.Pulse;

/** {@code ./pulse} run as a real child process on this test's class path, as a user would run it. */
final class PulseProcess implements AutoCloseable {

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();

    private PulseProcess(Process process) {
        this.process = process;
        pump(process.getInputStream(), out, "out");
        pump(process.getErrorStream(), err, "err");
    }

    static PulseProcess start(Path workDir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Pulse.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("PULSE_")); // only what the test passes counts
        return new PulseProcess(builder.start());
    }

    /** Waits for a line on stdout; fails with everything printed so far if it does not come. */
    String awaitOut(Predicate<String> line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String l : out) {
                if (line.test(l)) {
                    return l;
                }
            }
            if (!process.isAlive() && drained()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("expected line did not come; alive=" + process.isAlive()
                + "\nstdout:\n" + String.join("\n", out) + "\nstderr:\n" + String.join("\n", err));
    }

    /** Sends SIGTERM, as Ctrl-C or a service manager would, and waits for the exit status. */
    int terminate(Duration timeout) throws InterruptedException {
        // Through the handle: Process.destroy() would also close our ends of its output streams.
        process.toHandle().destroy();
        return awaitExit(timeout);
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not exit within " + timeout + "\nstdout:\n" + String.join("\n", out)
                    + "\nstderr:\n" + String.join("\n", err));
        }
        drained();
        return process.exitValue();
    }

    List<String> out() {
        return out;
    }

    List<String> err() {
        return err;
    }

    private volatile int openStreams = 2;

    private boolean drained() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (openStreams > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return openStreams == 0;
    }

    private void pump(InputStream stream, List<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<" + name + " closed: " + e.getMessage() + ">");
            } finally {
                synchronized (this) {
                    openStreams--;
                }
            }
        }, "pulse-process-" + name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
