package vn.chibo.pulse.bench.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A component of the pipeline run as a JVM of its own, so that its memory (VmHWM) is its own:
 * inside one JVM the broker, the streams app and the sink share one heap and cannot be told apart.
 * The child runs on this JVM's classpath; its output goes to a log file, and the bench waits for
 * the line that says it is ready.
 */
public final class ChildJvm implements AutoCloseable {
    /** Children still running; stopped by a shutdown hook if the bench itself is stopped (Ctrl-C, SIGTERM). */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            RUNNING.forEach(Process::destroy);
            for (Process p : RUNNING) {
                try {
                    if (!p.waitFor(20, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                }
            }
        }, "bench-children-shutdown"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> lines = new ArrayList<>();
    private final Thread pump;
    private volatile long peakRssAtStop = -1;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
        this.pump = new Thread(this::pumpOutput, "bench-" + name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@code mainClass} with {@code args} in a new JVM with {@code jvmOptions}; stdout and
     * stderr go to {@code log}.
     */
    public static ChildJvm start(String name, List<String> jvmOptions, String mainClass, List<String> args,
                                 Path log, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=vn.chibo.pulse");
        // every Kafka client prints its whole configuration at start: keep the logs readable
        for (String quiet : List.of("org.apache.kafka.common.config", "org.apache.kafka.clients.producer.ProducerConfig",
                "org.apache.kafka.clients.consumer.ConsumerConfig", "org.apache.kafka.clients.admin.AdminClientConfig",
                "org.apache.kafka.streams.StreamsConfig", "kafka.server.KafkaConfig")) {
            command.add("-Dorg.slf4j.simpleLogger.log." + quiet + "=warn");
        }
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
            return new ChildJvm(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /**
     * Waits for an output line that {@code ready} accepts and returns it.
     *
     * @throws IllegalStateException if the process exits or the timeout passes first
     */
    public String awaitLine(Predicate<String> ready, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (ready.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                if (!process.isAlive() && !pump.isAlive()) {
                    throw new IllegalStateException(name + " exited with status " + process.exitValue()
                            + " before it was ready; see " + log);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; see " + log);
                }
                lines.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 200));
            }
        }
    }

    /**
     * Waits for a process that ends by itself (a command, not a service) and returns its exit status;
     * its peak memory is read every 50 ms meanwhile, since a process that has exited has none to read.
     *
     * @throws IllegalStateException if it has not exited within {@code timeout} (it is then stopped)
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
            ProcessMemory.peakRss(process.pid()).ifPresent(v -> peakRssAtStop = Math.max(peakRssAtStop, v));
            if (System.nanoTime() > deadline) {
                stop(Duration.ofSeconds(10));
                throw new IllegalStateException(name + " did not finish within " + timeout.toMinutes() + " min; see " + log);
            }
        }
        pump.join(5000);
        return process.exitValue();
    }

    /** Peak resident memory (VmHWM) so far, or as it was just before the process was stopped. */
    public OptionalLong peakRss() {
        if (peakRssAtStop >= 0) {
            return OptionalLong.of(peakRssAtStop);
        }
        return ProcessMemory.peakRss(process.pid());
    }

    /**
     * Records the peak memory, then asks the process to stop (SIGTERM, so its shutdown hook closes
     * it cleanly) and kills it if it has not exited within {@code grace}.
     */
    public void stop(Duration grace) {
        if (peakRssAtStop < 0) {
            ProcessMemory.peakRss(process.pid()).ifPresent(v -> peakRssAtStop = v);
        }
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(60));
    }

    private void pumpOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write(System.lineSeparator());
                out.flush();
                synchronized (lines) {
                    // only the first lines matter for readiness; do not keep a long log in memory
                    if (lines.size() < 10_000) {
                        lines.add(line);
                    }
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process went away; awaitLine reports it
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }
}
