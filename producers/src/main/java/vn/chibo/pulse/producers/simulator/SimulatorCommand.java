package vn.chibo.pulse.producers.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.config.ConfigException;

import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.producers.CommunePublisher;
import vn.chibo.pulse.producers.CommunePublisherConfig;
import vn.chibo.pulse.producers.internal.Endpoints;

/**
 * {@code pulse simulate}: runs the Hà Tĩnh-shaped {@link ProvinceSimulator}, publishing to Kafka
 * or writing JSON Lines. {@link #startInBackground} is what {@code pulse up} uses.
 */
public final class SimulatorCommand {
    static final String USAGE = String.join("\n",
            "usage: pulse simulate [--seed=N] [--start=YYYY-MM-DD] [--until=YYYY-MM-DD] [--speed=N|max]",
            "                      [--duplicate-rate=R] [--invalid-rate=R] [--initial-only] [--out=FILE.jsonl]",
            "                      [--shape=districts|two-tier] [--reorganise-on=YYYY-MM-DD]",
            "  --seed           seed; the same seed and start give the same events (42)",
            "  --start          first simulated day (the 1st of the month twelve months ago)",
            "  --until          last simulated day (none for Kafka, today for --out)",
            "  --speed          simulated seconds per second until the present is reached (86400: a day a second), or max",
            "  --initial-only   only the reference data and the initial load of 100,274 members",
            "  --out            write JSON Lines to FILE instead of publishing to Kafka",
            "  --shape          districts: 13 district-level units, 220 communes (default); two-tier: 69 communes and wards",
            "                   directly under the province, same branches and members",
            "  --reorganise-on  the simulated day a province with districts becomes two-tier (as Hà Tĩnh on 2025-07-01)",
            "exit status: 0 done, 2 usage or connection error");

    private SimulatorCommand() {}

    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "vn.chibo.pulse");
        Map<String, String> endpoints = new HashMap<>();
        if (System.getenv("PULSE_KAFKA_BOOTSTRAP") != null) {
            endpoints.put(Endpoints.KAFKA_BOOTSTRAP, System.getenv("PULSE_KAFKA_BOOTSTRAP"));
        }
        if (System.getenv("PULSE_REGISTRY_URL") != null) {
            endpoints.put(Endpoints.REGISTRY_URL, System.getenv("PULSE_REGISTRY_URL"));
        }
        System.exit(run(List.of(args), endpoints, System.out, System.err));
    }

    /** Runs in the foreground until --until (or forever) or Ctrl-C; returns the exit status. */
    public static int run(List<String> args, Map<String, String> endpoints, PrintStream out, PrintStream err) {
        SimulatorConfig config;
        try {
            Map<String, String> settings = parse(args);
            if (settings == null) {
                out.println(USAGE);
                return 0;
            }
            config = new SimulatorConfig(settings);
            config.speed();
            config.until();
            config.start(Clock.systemUTC());
            config.reorganiseOn();
        } catch (IllegalArgumentException | ConfigException e) {
            err.println("simulate: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try (Running running = startInBackground(config, endpoints, err)) {
            Thread hook = new Thread(running::close, "pulse-simulate-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                running.await();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it closes the run
                }
            }
            SimulationCounts c = running.counts();
            out.println(summary(c));
            if (running.failure() != null) {
                err.println("simulate: " + running.failure().getMessage());
                return 2;
            }
            return 0;
        } catch (Endpoints.Unreachable e) {
            err.println("simulate: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("simulate: cannot write " + config.out() + ": " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    /**
     * Starts a simulation on a daemon thread: to Kafka at {@code endpoints} (keys
     * {@code kafka.bootstrap}, {@code registry.url}), or to {@code config.out()}. Checks the
     * endpoints first; progress lines go to {@code log} every 30 s.
     */
    public static Running startInBackground(SimulatorConfig config, Map<String, String> endpoints, PrintStream log)
            throws Endpoints.Unreachable, IOException {
        Clock clock = Clock.systemUTC();
        LocalDate start = config.start(clock);
        ProvinceSimulator simulator = ProvinceSimulator.haTinh(config.seed(), start, config.duplicateRate(), config.invalidRate(),
                config.shape(), config.reorganiseOn());
        EventSink sink;
        ProvinceSimulator.Pacing pacing;
        if (config.out() != null) {
            sink = new JsonLinesSink(Path.of(config.out()));
            LocalDate until = config.until() != null ? config.until() : EventRules.today(clock);
            // a file is written as fast as the dates allow unless a speed is asked for
            pacing = !config.originals().containsKey(SimulatorConfig.SPEED_CONFIG) || Double.isInfinite(config.speed())
                    ? ProvinceSimulator.Pacing.asFastAsPossible(until, clock)
                    : new ProvinceSimulator.Pacing(config.speed(), until, false, clock);
        } else {
            String bootstrap = Endpoints.require(endpoints, Endpoints.KAFKA_BOOTSTRAP, "--bootstrap or PULSE_KAFKA_BOOTSTRAP");
            String registry = Endpoints.require(endpoints, Endpoints.REGISTRY_URL, "--registry or PULSE_REGISTRY_URL");
            Endpoints.checkKafka(bootstrap, Duration.ofSeconds(10));
            Endpoints.checkRegistry(registry, Duration.ofSeconds(10));
            Map<String, Object> p = new HashMap<>();
            p.put(CommunePublisherConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(CommunePublisherConfig.SCHEMA_REGISTRY_URL_CONFIG, registry);
            p.put(CommunePublisherConfig.CLIENT_ID_CONFIG, "pulse-province-simulator");
            // the deliberately invalid events are meant for the pipeline's own checks
            p.put(CommunePublisherConfig.VALIDATE_EVENTS_CONFIG, false);
            sink = new KafkaSink(new CommunePublisher(new CommunePublisherConfig(p), clock), true);
            pacing = new ProvinceSimulator.Pacing(config.speed(), config.until(), true, clock);
        }
        log.println(String.format(Locale.ROOT, "simulate: seed %d, start %s (pass --seed=%d --start=%s to resume), speed %s, to %s",
                config.seed(), start, config.seed(), start, config.getString(SimulatorConfig.SPEED_CONFIG),
                config.out() != null ? config.out() : "Kafka"));
        return new Running(simulator, sink, pacing, config.initialOnly(), log);
    }

    /** A simulation running on its own thread. */
    public static final class Running implements AutoCloseable {
        private final ProvinceSimulator simulator;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final CountDownLatch done = new CountDownLatch(1);
        private final Thread thread;

        Running(ProvinceSimulator simulator, EventSink sink, ProvinceSimulator.Pacing pacing, boolean initialOnly, PrintStream log) {
            this.simulator = simulator;
            this.thread = new Thread(() -> {
                Thread reporter = new Thread(() -> report(log), "pulse-simulator-progress");
                reporter.setDaemon(true);
                reporter.start();
                try (sink) {
                    simulator.run(sink, pacing, initialOnly, stop::get);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    failure.set(e);
                    log.println("simulate: stopped: " + e.getMessage());
                } finally {
                    reporter.interrupt();
                    done.countDown();
                }
            }, "pulse-province-simulator");
            thread.setDaemon(true);
            thread.start();
        }

        private void report(PrintStream log) {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(30_000);
                    log.println(summary(simulator.counts()));
                }
            } catch (InterruptedException e) {
                // the run is over
            }
        }

        /** What has been produced so far. */
        public SimulationCounts counts() {
            return simulator.counts();
        }

        /** The first date of the run, to pass again when resuming. */
        public LocalDate start() {
            return simulator.start();
        }

        /** Why the run stopped on its own, or null. */
        public Throwable failure() {
            return failure.get();
        }

        /** Waits until the run ends (its last day passed, or closed). */
        public void await() throws InterruptedException {
            done.await();
        }

        public boolean await(Duration timeout) throws InterruptedException {
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Stops the run and waits (up to 30 s) until what it sent is acknowledged. */
        @Override
        public void close() {
            stop.set(true);
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String summary(SimulationCounts c) {
        return String.format(Locale.ROOT, "simulate: up to %s: %,d events (%,d duplicates, %,d invalid); %,d active members (%,d official, "
                        + "%,d probationary, %,d in village and street-group branches)", c.simulatedDay(), c.events(), c.duplicates(),
                c.invalid(), c.membersActive(), c.membersOfficial(), c.membersProbationary(), c.membersInVillageAndStreetGroup());
    }

    /** --name=value or --name value into config keys; null for --help. */
    static Map<String, String> parse(List<String> args) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help")) {
                return null;
            }
            if (a.equals("--initial-only")) {
                settings.put(SimulatorConfig.INITIAL_ONLY_CONFIG, "true");
                continue;
            }
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String name = a.contains("=") ? a.substring(2, a.indexOf('=')) : a.substring(2);
            String key = switch (name) {
                case "seed" -> SimulatorConfig.SEED_CONFIG;
                case "start" -> SimulatorConfig.START_CONFIG;
                case "until" -> SimulatorConfig.UNTIL_CONFIG;
                case "speed" -> SimulatorConfig.SPEED_CONFIG;
                case "duplicate-rate" -> SimulatorConfig.DUPLICATE_RATE_CONFIG;
                case "invalid-rate" -> SimulatorConfig.INVALID_RATE_CONFIG;
                case "out" -> SimulatorConfig.OUT_CONFIG;
                case "shape" -> SimulatorConfig.SHAPE_CONFIG;
                case "reorganise-on" -> SimulatorConfig.REORGANISE_ON_CONFIG;
                default -> throw new IllegalArgumentException("unknown option " + a);
            };
            String value;
            if (a.contains("=")) {
                value = a.substring(a.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException(a + " needs a value");
            }
            settings.put(key, value);
        }
        return settings;
    }
}
