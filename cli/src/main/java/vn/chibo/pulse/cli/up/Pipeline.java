package vn.chibo.pulse.cli.up;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.streams.KafkaStreams;
import vn.chibo.pulse.cli.Endpoints;
import vn.chibo.pulse.cli.ServiceCommands;
import vn.chibo.pulse.dashboard.DashboardConfig;
import vn.chibo.pulse.dashboard.DashboardServer;
import vn.chibo.pulse.producers.simulator.SimulatorCommand;
import vn.chibo.pulse.producers.simulator.SimulatorConfig;
import vn.chibo.pulse.sink.SinkHealth;
import vn.chibo.pulse.sink.SinkService;
import vn.chibo.pulse.streams.StreamsService;

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
        for (int i = 1; i <= config.streamsInstances(); i++) {
            String name = streamsInstance(i);
            stack.add(name, context -> streams(context, name)); // Kafka Streams app (EOS v2); the first offers streams.url
        }
        stack.add("sink", Pipeline::sink);       // PostgreSQL sink (runs the Flyway migrations first)
        stack.add("dashboard", context -> dashboard(context, config)); // offers dashboard.url

        if (config.simulator()) {
            stack.add("simulator", Pipeline::simulator); // publishes the reference data first, then the province's life
        }
        return stack;
    }

    /** Instance i (from 1) of the streams app: "streams", then "streams-2", ... (also its state directory). */
    static String streamsInstance(int i) {
        return i == 1 ? "streams" : "streams-" + i;
    }

    /**
     * One instance of the aggregates app, its stores under its own directory of the state directory
     * and its query server on a free port. A short session timeout lets a restart after a crash get
     * its partitions back in seconds rather than Kafka's default 45 s. Any instance answers for all,
     * so the first one's queries are streams.url.
     */
    private static Component streams(StackContext context, String name) {
        StreamsService app = StreamsService.start(Map.of(
                "bootstrap.servers", context.endpoint(Endpoints.KAFKA_BOOTSTRAP),
                "schema.registry.url", context.endpoint(Endpoints.REGISTRY_URL),
                "state.dir", context.dataDir(name).toString(),
                "streams.consumer.session.timeout.ms", "10000"));
        Map<String, String> offered = name.equals(streamsInstance(1)) ? Map.of(Endpoints.STREAMS_URL, app.queryUrl().toString()) : Map.of();
        return Component.of(name, app, offered, () -> {
            KafkaStreams.State state = app.state();
            if (state == KafkaStreams.State.RUNNING) {
                return Health.up();
            }
            return state.isShuttingDown() || state == KafkaStreams.State.ERROR
                    ? Health.down("Kafka Streams is " + state) : Health.starting("Kafka Streams is " + state);
        });
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
     * The board's page on 127.0.0.1, reading the figures of every level from PostgreSQL's reporting
     * views and the rejections from the streams app.
     */
    private static Component dashboard(StackContext context, UpConfig config) {
        Map<String, String> settings = ServiceCommands.settingsFor(DashboardServer.SERVICE, context.endpoints());
        settings.put(DashboardConfig.BIND_HOST, "127.0.0.1");
        settings.put(DashboardConfig.PORT, Integer.toString(config.dashboardPort()));
        DashboardServer dashboard = DashboardServer.start(new DashboardConfig(settings));
        return Component.of("dashboard", dashboard, Map.of(Endpoints.DASHBOARD_URL, dashboard.url()), Health::up);
    }

    /**
     * The Hà Tĩnh-shaped province simulator; progress lines go to the terminal. Its simulated
     * start date is kept under the state directory, so a second {@code up} replays the same
     * events (ignored by the pipeline as duplicates) instead of registering the province again.
     */
    private static Component simulator(StackContext context) throws Exception {
        Path startFile = context.dataDir("simulator").resolve("start");
        Map<String, String> settings = new HashMap<>(context.config().simulatorSettings());
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
