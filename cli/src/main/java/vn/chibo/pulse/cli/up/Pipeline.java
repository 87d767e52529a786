package vn.chibo.pulse.cli.up;

import java.util.Map;

import vn.chibo.pulse.producers.simulator.SimulatorCommand;
import vn.chibo.pulse.producers.simulator.SimulatorConfig;

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
        // stack.add("sink", context -> ...);       // PostgreSQL sink (runs Flyway migrations first)
        // stack.add("dashboard", context -> ...);  // must offer Endpoints.DASHBOARD_URL on config.dashboardPort()

        if (config.simulator()) {
            stack.add("simulator", Pipeline::simulator); // publishes the reference data first, then the province's life
        }
        return stack;
    }

    /** The Hà Tĩnh-shaped province simulator with its defaults; progress lines go to the terminal. */
    private static Component simulator(StackContext context) throws Exception {
        SimulatorCommand.Running run = SimulatorCommand.startInBackground(
                new SimulatorConfig(Map.of()), context.endpoints(), context.console());
        return Component.of("simulator", run, Map.of(), () -> run.failure() == null
                ? Health.up() : Health.down("stopped: " + run.failure().getMessage()));
    }
}
