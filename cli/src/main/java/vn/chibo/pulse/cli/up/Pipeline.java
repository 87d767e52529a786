package vn.chibo.pulse.cli.up;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import vn.chibo.pulse.producers.simulator.SimulatorCommand;
import vn.chibo.pulse.producers.simulator.SimulatorConfig;
import vn.chibo.pulse.sink.SinkHealth;
import vn.chibo.pulse.sink.SinkService;

/**
 * What {@code ./pulse up} runs, in start order (stopped in reverse). Each component is one line:
 * {@code stack.add(name, context -> Component.of(name, started, endpoints, health))}, where the
 * starter reads what earlier components offer from {@link StackContext#endpoints()} (keys of
 * {@link vn.chibo.pulse.cli.Endpoints}) and keeps its own data under {@link StackContext#dataDir(String)}.
 */
public final class Pipeline {

    private Pipeline() {
    }

    /**
     * @param given connection settings from flags or the environment (never the endpoints file):
     *              only {@code pg.url}, {@code pg.user}, {@code pg.password} are used, to choose
     *              an external PostgreSQL over the embedded one
     */
    public static LocalStack assemble(UpConfig config, Map<String, String> given) {
        LocalStack stack = new LocalStack();

        // Infrastructure.
        stack.add("kafka", CoreComponents::kafka);                 // offers kafka.bootstrap; creates the topics
        stack.add("registry", CoreComponents::registry);           // offers registry.url; schemas in _schemas
        stack.add("postgres", context -> CoreComponents.postgres(context, given)); // offers pg.url, pg.user, pg.password

        // ── The pipeline. Add each component here, in this order, as its module arrives: ──
        // stack.add("streams", context -> ...);    // Kafka Streams app (EOS v2), state under context.dataDir("streams")
        stack.add("sink", Pipeline::sink);       // PostgreSQL sink (runs the Flyway migrations first)
        // stack.add("dashboard", context -> ...);  // must offer Endpoints.DASHBOARD_URL on config.dashboardPort()

        if (config.simulator()) {
            stack.add("simulator", Pipeline::simulator); // publishes the reference data first, then the province's life
        }
        return stack;
    }

    /** The sink keeps its offsets in PostgreSQL, so it needs no state directory. */
    private static Component sink(StackContext context) {
        SinkService sink = SinkService.start(context.endpoints());
        return Component.of("sink", sink, Map.of(), () -> {
            SinkHealth health = sink.health();
            return health.healthy() ? Health.up() : Health.starting(health.status() + ": " + health.problem());
        });
    }

    /**
     * The Hà Tĩnh-shaped province simulator; progress lines go to the terminal. Its simulated
     * start date is kept under the state directory, so a second {@code up} replays the same
     * events (ignored by the pipeline as duplicates) instead of registering the province again.
     */
    private static Component simulator(StackContext context) throws Exception {
        Path startFile = context.dataDir("simulator").resolve("start");
        Map<String, String> settings = new HashMap<>();
        if (Files.exists(startFile)) {
            settings.put(SimulatorConfig.START_CONFIG, Files.readString(startFile).trim());
        }
        SimulatorCommand.Running run = SimulatorCommand.startInBackground(
                new SimulatorConfig(settings), context.endpoints(), context.console());
        Files.writeString(startFile, run.start().toString());
        return Component.of("simulator", run, Map.of(), () -> run.failure() == null
                ? Health.up() : Health.down("stopped: " + run.failure().getMessage()));
    }
}
