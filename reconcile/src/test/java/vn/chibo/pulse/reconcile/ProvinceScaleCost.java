package vn.chibo.pulse.reconcile;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;


import vn.chibo.pulse.producers.simulator.EventGenerator;

/**
 * The cost of one reconciliation at province scale: a year of the Hà Tĩnh-shaped province
 * (100,274 members, 2,570 branches) through the real pipeline in this JVM, then
 * {@code reconcile} in a JVM of its own, with ./pulse's heap settings, timed and its peak
 * resident memory (VmHWM) sampled. Prints the figures of docs/reconcile.md:
 *
 * <pre>mvn -B -q -pl reconcile test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=vn.chibo.pulse.reconcile.ProvinceScaleCost</pre>
 */
public final class ProvinceScaleCost {

    private ProvinceScaleCost() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args);
            return;
        }
        Path dir = Files.createTempDirectory("reconcile-cost");
        try (InProcessPipeline pipeline = new InProcessPipeline(dir, 30_000)) {
            long events = publishYear(pipeline);
            long caughtUp = System.nanoTime();
            InProcessPipeline.Run first = pipeline.reconcile("--timeout", "3600");
            System.out.printf(Locale.ROOT, "pipeline caught up and first reconcile done in %.1f s (exit %d)%n%s%s",
                    (System.nanoTime() - caughtUp) / 1e9, first.status(), first.out(), first.err());
            measureChild(pipeline, events);
        }
    }

    private static long publishYear(InProcessPipeline pipeline) throws Exception {
        LocalDate until = LocalDate.of(2026, 11, 30);
        long started = System.nanoTime();
        long n = pipeline.publishAll(EventGenerator.haTinh(42L, until.minusYears(1).plusDays(1), until).iterator());
        System.out.printf(Locale.ROOT, "published %,d events in %.1f s%n", n, (System.nanoTime() - started) / 1e9);
        return n;
    }

    /** Runs reconcile as ./pulse would, in its own JVM, and samples its peak resident memory. */
    private static void measureChild(InProcessPipeline pipeline, long events) throws IOException, InterruptedException {
        Map<String, String> e = pipeline.endpoints();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx768m", "-XX:+UseSerialGC", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=vn.chibo.pulse",
                "-cp", classpath(), ProvinceScaleCost.class.getName(), "child",
                // the URL with its credentials: the child takes endpoints as arguments, pg.user and pg.password not
                e.get("kafka.bootstrap"), e.get("registry.url"), pipeline.database.url(), e.get("streams.url")));
        long started = System.nanoTime();
        Process p = new ProcessBuilder(command).inheritIO().start();
        long peakKb = 0;
        while (p.isAlive()) {
            peakKb = Math.max(peakKb, vmHwmKb(p.pid()));
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "reconcile at province scale: %,d events, %.1f s wall (JVM start included), "
                + "peak resident memory %,d MiB (VmHWM), exit %d%n", events, seconds, peakKb / 1024, p.exitValue());
    }

    /** The test classpath, also under exec:java, whose class loader holds it instead of java.class.path. */
    private static String classpath() {
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            List<String> paths = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                paths.add(url.getPath());
            }
            return String.join(java.io.File.pathSeparator, paths);
        }
        return System.getProperty("java.class.path");
    }

    private static long vmHwmKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended between two samples
        }
        return 0;
    }

    private static void child(String[] args) {
        Map<String, String> endpoints = Map.of("kafka.bootstrap", args[1], "registry.url", args[2], "pg.url", args[3],
                "streams.url", args[4]);
        long started = System.nanoTime();
        int status = ReconcileCommand.run(List.of("--application-id", InProcessPipeline.APPLICATION_ID, "--sink-name",
                InProcessPipeline.SINK_NAME, "--timeout", "600"), endpoints, System.out, System.err);
        System.out.printf(Locale.ROOT, "reconcile itself: %.1f s%n", (System.nanoTime() - started) / 1e9);
        System.exit(status);
    }
}
