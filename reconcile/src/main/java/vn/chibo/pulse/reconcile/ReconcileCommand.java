package vn.chibo.pulse.reconcile;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./pulse reconcile}: proves the reporting database against the event log. Connection
 * settings arrive resolved (flag, else environment, else .pulse/endpoints.properties).
 * Exit status: 0 everything agrees, 1 something differs, 2 usage or connection error, or no
 * verdict because the pipeline had not caught up by the timeout.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = Outcome.NO_VERDICT, exitCodeOnExecutionException = Outcome.NO_VERDICT,
        description = "Recompute every relation of SPEC §4 from the event topics and compare it with PostgreSQL.")
public final class ReconcileCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the outcome as JSON.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long to wait for the pipeline to catch up with the event log (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--no-wait", description = "Compare at once, without waiting for the pipeline (a stopped one, say).")
    boolean noWait;

    @Option(names = "--settle-ms", defaultValue = "1000",
            description = "How long the streams app must stay caught up to count as settled (default: ${DEFAULT-VALUE}).")
    long settleMs;

    @Option(names = "--application-id", defaultValue = ReconcileSettings.DEFAULT_APPLICATION_ID,
            description = "The streams app's application id, its consumer group (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--sink-name", defaultValue = ReconcileSettings.DEFAULT_SINK_NAME,
            description = "The sink's group.id, its key in pulse_sink.kafka_offsets (default: ${DEFAULT-VALUE}).")
    String sinkName;

    @Option(names = "--differences", paramLabel = "N", defaultValue = "20",
            description = "Differences shown per relation (default: ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--no-progress", description = "No progress bar on long logs.")
    boolean noProgress;

    private Map<String, String> endpoints;
    private PrintStream out;
    private PrintStream err;

    /** The shape of the cli's subcommands: arguments, resolved endpoints (keys of endpoints.properties), streams. */
    public static int run(List<String> args, Map<String, String> endpoints, PrintStream out, PrintStream err) {
        // Kafka's clients log their whole configuration at INFO; reconcile's output is its report.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        ReconcileCommand command = new ReconcileCommand();
        command.endpoints = endpoints;
        command.out = out;
        command.err = err;
        CommandLine line = new CommandLine(command)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setOverwrittenOptionsAllowed(true); // the last one given wins, as in the other commands
        return line.execute(args.toArray(String[]::new));
    }

    @Override
    public Integer call() throws Exception {
        String kafka = endpoints.get("kafka.bootstrap");
        String registry = endpoints.get("registry.url");
        String pg = endpoints.get("pg.url");
        if (kafka == null || registry == null || pg == null) {
            err.println("pulse reconcile: needs Kafka, the registry and PostgreSQL: --kafka-bootstrap, --registry-url, --pg-url "
                    + "(or PULSE_KAFKA_BOOTSTRAP, PULSE_REGISTRY_URL, PULSE_PG_URL, or ./pulse up's endpoints file)");
            return Outcome.NO_VERDICT;
        }
        ReconcileSettings settings = new ReconcileSettings(kafka, registry, pg, endpoints.get("pg.user"),
                endpoints.get("pg.password"), endpoints.get("streams.url"), endpoints.get("streams.user"),
                endpoints.get("streams.password"), applicationId, sinkName, !noWait,
                Duration.ofSeconds(timeoutSeconds), Duration.ofMillis(settleMs), keep);
        Outcome outcome;
        try {
            outcome = new Reconciliation(settings, noProgress ? null : err).run();
        } catch (Reconciliation.ConnectionFailure e) {
            err.println("pulse reconcile: " + e.getMessage());
            return Outcome.NO_VERDICT;
        }
        if (json) {
            Report.json(outcome, out);
        } else {
            Report.text(outcome, out);
        }
        return outcome.exitStatus();
    }
}
