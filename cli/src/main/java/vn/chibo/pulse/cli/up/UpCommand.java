package vn.chibo.pulse.cli.up;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import vn.chibo.pulse.cli.Command;
import vn.chibo.pulse.cli.ConfigFlags;
import vn.chibo.pulse.cli.Endpoints;
import vn.chibo.pulse.cli.UsageException;
import vn.chibo.pulse.stack.LocalPostgres;
import vn.chibo.pulse.stack.Ports;

/**
 * {@code ./pulse up}: runs the whole pipeline in this process until Ctrl-C or SIGTERM.
 *
 * <p>State lives under the state directory ({@code .pulse}): {@code kafka/}, {@code postgres/},
 * one directory per component, {@code endpoints.properties} and {@code logs/up.log}.
 */
public final class UpCommand implements Command {

    /** Marks a directory as a state directory, so {@code --fresh} never wipes anything else. */
    static final String MARKER = ".pulse-state";
    static final String LOCK = "up.lock";
    /** Kept by {@code --fresh}: the log of this very run is already open in it. */
    public static final String LOG_DIR = "logs";
    public static final String LOG_FILE = "up.log";

    private final Path stateDir;

    public UpCommand(Path stateDir) {
        this.stateDir = stateDir.toAbsolutePath().normalize();
    }

    @Override
    public int run(List<String> args, Map<String, String> given, PrintStream out, PrintStream err) throws Exception {
        UpConfig config;
        try {
            config = UpConfig.fromArgs(args);
        } catch (UsageException e) {
            err.println("pulse " + e.getMessage());
            return USAGE;
        }
        try (FileChannel lockChannel = lockState(err)) {
            if (lockChannel == null) {
                return FAILED;
            }
            if (config.fresh()) {
                wipe(out);
            }
            String taken = takenPort(config, given);
            if (taken != null) {
                err.println("pulse up: " + taken);
                return FAILED;
            }
            return runUntilStopped(config, given, out, err);
        }
    }

    private int runUntilStopped(UpConfig config, Map<String, String> given, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        StackContext context = new StackContext(config, stateDir, out);
        LocalStack stack = Pipeline.assemble(config, given);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            out.println("Stopping…");
            stack.close();
            out.println("stopped");
            out.flush();
            stopped.countDown();
        }, "pulse-up-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        long started = System.nanoTime();
        out.println("Starting the pipeline (state in " + stateDir + ", log in " + logFile(stateDir) + ")");
        try {
            long[] stepStart = {System.nanoTime()};
            List<String> done = new ArrayList<>();
            stack.start(context, Duration.ofSeconds(config.startTimeoutSeconds()), name -> {
                if (!done.isEmpty()) {
                    out.printf("  %-15s started in %.1f s%n", done.get(done.size() - 1), seconds(stepStart[0]));
                }
                done.add(name);
                stepStart[0] = System.nanoTime();
            });
            if (!done.isEmpty()) {
                out.printf("  %-15s started in %.1f s%n", done.get(done.size() - 1), seconds(stepStart[0]));
            }
        } catch (StartFailure e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            err.println("pulse up: " + e.getMessage() + " (details in " + logFile(stateDir) + ")");
            return FAILED;
        }

        Map<String, String> endpoints = context.endpoints();
        Path file = stateDir.resolve(Endpoints.FILE_NAME);
        Endpoints.write(file, endpoints); // owner only: it holds the PostgreSQL password
        printEndpoints(out, endpoints, file);
        out.printf("ready (in %.1f s)%n", seconds(started));
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stack.watch(message -> err.println("pulse up: " + message));
        stopped.await();
        return OK;
    }

    /** The log file of {@code up} under a state directory; {@code Pulse} points the logger at it before anything logs. */
    public static Path logFile(Path stateDir) {
        return stateDir.toAbsolutePath().normalize().resolve(LOG_DIR).resolve(LOG_FILE);
    }

    /** Holds a lock on the state directory while running, so two {@code up} never share it. */
    private FileChannel lockState(PrintStream err) throws IOException {
        Files.createDirectories(stateDir);
        Path marker = stateDir.resolve(MARKER);
        if (!Files.exists(marker)) {
            if (holdsOtherFiles(stateDir)) {
                // Never take over (and later --fresh wipe) a directory that is not ours.
                err.println("pulse up: " + stateDir + " holds files but is not a ./pulse up state directory;"
                        + " give --state-dir a new or empty directory");
                return null;
            }
            Files.writeString(marker, "State of ./pulse up; ./pulse up --fresh empties this directory.\n");
        }
        FileChannel channel = FileChannel.open(stateDir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            err.println("pulse up: another ./pulse up is already running with its state in " + stateDir
                    + "; stop it first (Ctrl-C) or give this one another --state-dir");
            return null;
        }
        return channel;
    }

    /** Whether a directory holds anything besides the log directory that Pulse created before up ran. */
    private static boolean holdsOtherFiles(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.anyMatch(p -> !p.getFileName().toString().equals(LOG_DIR));
        }
    }

    /** Empties the state directory except its marker, the lock held now and the log being written. */
    private void wipe(PrintStream out) throws IOException {
        if (!Files.exists(stateDir.resolve(MARKER))) {
            throw new IllegalStateException("will not wipe " + stateDir + ": not a ./pulse up state directory");
        }
        List<Path> keep = List.of(stateDir.resolve(MARKER), stateDir.resolve(LOCK), stateDir.resolve(LOG_DIR));
        try (Stream<Path> children = Files.list(stateDir)) {
            for (Path child : children.filter(p -> !keep.contains(p)).toList()) {
                deleteTree(child);
            }
        }
        out.println("Wiped " + stateDir + " (--fresh)");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The first fixed port that something else holds, described for the user; null if all are free. */
    static String takenPort(UpConfig config, Map<String, String> given) {
        for (String setting : UpConfig.PORTS) {
            if (setting.equals(UpConfig.PG_PORT) && given.containsKey(Endpoints.PG_URL)) {
                continue; // an external PostgreSQL: no port of ours
            }
            int port = config.getInt(setting);
            if (port > 0 && !Ports.isFree(port)) {
                String flag = ConfigFlags.flagOf(setting);
                return "port " + port + " (" + setting + ") on 127.0.0.1 is already in use; stop what holds it"
                        + " (another ./pulse up?) or choose another port with " + flag + " <port> (0 = any free port)";
            }
        }
        return null;
    }

    private static void printEndpoints(PrintStream out, Map<String, String> endpoints, Path file) {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("Kafka bootstrap", endpoints.get(Endpoints.KAFKA_BOOTSTRAP));
        shown.put("Schema registry", endpoints.get(Endpoints.REGISTRY_URL));
        String pg = LocalPostgres.masked(endpoints.get(Endpoints.PG_URL));
        if (pg != null) {
            String user = endpoints.getOrDefault(Endpoints.PG_USER, "");
            String password = endpoints.getOrDefault(Endpoints.PG_PASSWORD, "");
            pg += user.isEmpty() ? "" : " (user " + user + (password.isEmpty() ? ", no password" : ", password in the endpoints file") + ")";
        }
        shown.put("PostgreSQL", pg);
        shown.put("Streams queries", endpoints.get(Endpoints.STREAMS_URL));
        shown.put("Dashboard", endpoints.get(Endpoints.DASHBOARD_URL));
        out.println();
        shown.forEach((name, value) -> {
            if (value != null) {
                out.printf("  %-16s %s%n", name, value);
            }
        });
        out.println("  Endpoints file   " + file);
        out.println();
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
