package vn.chibo.pulse.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import vn.chibo.pulse.bench.internal.BenchRun;
import vn.chibo.pulse.bench.internal.Report;
import vn.chibo.pulse.bench.internal.Results;

/**
 * {@code ./pulse bench} ({@code java -jar bench/target/pulse-bench.jar}): measures the pipeline
 * against the raw broker and a naive SQL peer on this machine, in one run, prints the table and
 * regenerates BENCHMARKS.md. See docs/bench.md.
 *
 * <p>Exit status: 0 when every phase ran (targets met or not: a benchmark reports, it does not
 * judge), 1 when a phase failed, 2 for a usage error.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.getenv(), System.out, System.err));
    }

    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "vn.chibo.pulse");
        }
        if (args.contains("--help") || args.contains("-h") || args.contains("help")) {
            out.println("Usage: ./pulse bench [options]   (or java -jar bench/target/pulse-bench.jar [options])");
            out.println();
            out.println("Runs the broker, registry, streams app, sink and PostgreSQL as processes of their own, measures");
            out.println("throughput, the raw limit, the naive peer, freshness, replay and memory, prints a table and");
            out.println("regenerates BENCHMARKS.md. Options:");
            BenchConfig.help().forEach(out::println);
            return 0;
        }
        BenchConfig config;
        try {
            config = BenchConfig.fromArgs(args);
        } catch (IllegalArgumentException e) {
            err.println("pulse bench: " + e.getMessage());
            return 2;
        }
        String home = env.get("PULSE_HOME");
        String command = (home != null ? "./pulse bench" : "java -jar bench/target/pulse-bench.jar")
                + (args.isEmpty() ? "" : " " + String.join(" ", args));
        Results results;
        try {
            results = new BenchRun(config, command, out).run();
        } catch (Exception e) {
            err.println("pulse bench: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            e.printStackTrace(err);
            return 1;
        }
        out.println();
        out.println("Results (scale " + results.scale + "):");
        Report.terminalTable(results).forEach(out::println);
        String output = config.getString(BenchConfig.OUTPUT);
        if (!output.isBlank()) {
            Path file = home != null && !Path.of(output).isAbsolute() ? Path.of(home).resolve(output) : Path.of(output);
            try {
                String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
                Files.writeString(file, Report.merge(existing, results), StandardCharsets.UTF_8);
                out.println();
                out.println("Wrote " + file.toAbsolutePath().normalize());
            } catch (IOException e) {
                err.println("pulse bench: cannot write " + file + ": " + e.getMessage());
                return 1;
            }
        }
        return results.failures.isEmpty() ? 0 : 1;
    }
}
