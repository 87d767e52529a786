package vn.chibo.pulse.cli.up;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import vn.chibo.pulse.cli.ConfigFlags;
import vn.chibo.pulse.cli.UsageException;

import vn.chibo.pulse.producers.simulator.SimulatorConfig;

/**
 * Settings of {@code ./pulse up}, each declared once with its default and meaning. On the command
 * line a setting {@code a.b} is the flag {@code --a-b VALUE}; a boolean one is {@code --a-b} or
 * {@code --no-a-b}.
 *
 * <p>Ports are fixed by default so the endpoints stay the same from run to run; 0 picks a free one.
 */
public final class UpConfig extends AbstractConfig {

    public static final String KAFKA_PORT = "kafka.port";
    public static final String KAFKA_CONTROLLER_PORT = "kafka.controller.port";
    public static final String REGISTRY_PORT = "registry.port";
    public static final String DASHBOARD_PORT = "dashboard.port";
    public static final String PG_PORT = "pg.port";
    public static final String EVENT_PARTITIONS = "event.partitions";
    public static final String SIMULATOR = "simulator";
    public static final String STREAMS_INSTANCES = "streams.instances";
    public static final String FRESH = "fresh";
    /** Passed on to the simulator, whose settings they are (documented there once). */
    public static final String SHAPE = SimulatorConfig.SHAPE_CONFIG;
    public static final String REORGANISE_ON = SimulatorConfig.REORGANISE_ON_CONFIG;
    public static final String START_TIMEOUT_SECONDS = "start.timeout.seconds";

    /** Every port setting, for the check that they are free before anything starts. */
    public static final List<String> PORTS = List.of(KAFKA_PORT, KAFKA_CONTROLLER_PORT, REGISTRY_PORT, DASHBOARD_PORT, PG_PORT);

    private static final ConfigDef SIMULATOR_SETTINGS = SimulatorConfig.CONFIG;

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(KAFKA_PORT, Type.INT, 9092, Range.between(0, 65535), Importance.HIGH,
                    "Kafka broker port on 127.0.0.1 (kafka.bootstrap).")
            .define(KAFKA_CONTROLLER_PORT, Type.INT, 9093, Range.between(0, 65535), Importance.LOW,
                    "KRaft controller port on 127.0.0.1, used only inside the broker.")
            .define(REGISTRY_PORT, Type.INT, 8081, Range.between(0, 65535), Importance.HIGH,
                    "Schema registry port on 127.0.0.1 (registry.url).")
            .define(DASHBOARD_PORT, Type.INT, 8080, Range.between(0, 65535), Importance.HIGH,
                    "Dashboard port on 127.0.0.1 (dashboard.url).")
            .define(PG_PORT, Type.INT, 5433, Range.between(0, 65535), Importance.MEDIUM,
                    "Port of the PostgreSQL that up starts itself when no --pg-url / PULSE_PG_URL is given "
                            + "(5433, beside a system server on 5432).")
            .define(EVENT_PARTITIONS, Type.INT, 3, Range.between(1, 64), Importance.MEDIUM,
                    "Partitions of the event, rejected and aggregate topics when up creates them "
                            + "(pulse.reference always has 1).")
            .define(STREAMS_INSTANCES, Type.INT, 1, Range.between(1, 9), Importance.MEDIUM,
                    "Instances of the streams app (one Kafka Streams cluster sharing the partitions), each with its own"
                            + " state directory (streams/, streams-2/, ...) and query port; streams.url is the first's, which answers for all.")
            .define(SIMULATOR, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Load the bundled reference data and run the province simulator; --no-simulator starts an empty pipeline.")
            .define(SIMULATOR_SETTINGS.configKeys().get(SHAPE))
            .define(SIMULATOR_SETTINGS.configKeys().get(REORGANISE_ON))
            .define(FRESH, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Wipe the state directory (broker log, embedded PostgreSQL, streams state) before starting. "
                            + "An external PostgreSQL is not touched.")
            .define(START_TIMEOUT_SECONDS, Type.INT, 120, Range.atLeast(1), Importance.LOW,
                    "How long each component may take to start and report healthy.");

    public UpConfig(Map<String, ?> values) {
        super(CONFIG, values, false);
    }

    public int kafkaPort() {
        return getInt(KAFKA_PORT);
    }

    public int kafkaControllerPort() {
        return getInt(KAFKA_CONTROLLER_PORT);
    }

    public int registryPort() {
        return getInt(REGISTRY_PORT);
    }

    public int dashboardPort() {
        return getInt(DASHBOARD_PORT);
    }

    public int pgPort() {
        return getInt(PG_PORT);
    }

    public int eventPartitions() {
        return getInt(EVENT_PARTITIONS);
    }

    public int streamsInstances() {
        return getInt(STREAMS_INSTANCES);
    }

    public boolean simulator() {
        return getBoolean(SIMULATOR);
    }

    /** The simulator's settings that up passes on: the shape of the province and its reorganisation day. */
    public Map<String, String> simulatorSettings() {
        return Map.of(SHAPE, getString(SHAPE), REORGANISE_ON, getString(REORGANISE_ON));
    }

    public boolean fresh() {
        return getBoolean(FRESH);
    }

    public int startTimeoutSeconds() {
        return getInt(START_TIMEOUT_SECONDS);
    }

    /**
     * Reads {@code up}'s flags.
     *
     * @throws UsageException for an unknown flag, a missing or bad value
     */
    public static UpConfig fromArgs(List<String> args) {
        try {
            return new UpConfig(ConfigFlags.parse(CONFIG, args, List.of(), "see ./pulse help"));
        } catch (IllegalArgumentException | ConfigException e) {
            throw new UsageException("up: " + e.getMessage());
        }
    }

    /** One line per setting: flag, default and meaning. */
    public static List<String> help() {
        return ConfigFlags.help(CONFIG, 32);
    }
}
