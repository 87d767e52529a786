package vn.chibo.pulse.producers.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.producers.PublishCommand;
import vn.chibo.pulse.producers.internal.Endpoints;
import vn.chibo.pulse.producers.simulator.EventGenerator;
import vn.chibo.pulse.producers.simulator.JsonLinesSink;
import vn.chibo.pulse.producers.simulator.ProvinceSimulator;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.stack.EmbeddedKafka;

/**
 * Throughput of {@code pulse publish} end to end: read, parse and check each line, serialize
 * through the registry serde, send, and wait for every acknowledgement ({@code acks=all},
 * idempotent). Not a test: it prints figures.
 *
 * <pre>
 * mvn -q -pl producers test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=vn.chibo.pulse.producers.bench.PublishBenchmark -Dexec.args="--events=1000000 --runs=4"
 * </pre>
 *
 * Options: {@code --events=N} (1,000,000), {@code --runs=N} (4; the first warms up the JIT and
 * registers the schemas), {@code --bootstrap=host:port --registry=URL} to measure against a
 * running stack instead of the embedded broker and registry it starts by default.
 */
public final class PublishBenchmark {
    public static void main(String[] args) throws Exception {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "vn.chibo.pulse");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        Map<String, String> options = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            options.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
        long events = Long.parseLong(options.getOrDefault("events", "1000000"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "4"));

        Path dir = Files.createTempDirectory("pulse-publish-bench");
        Path file = dir.resolve("events.jsonl");
        long written = generate(file, events);
        long bytes = Files.size(file);
        System.out.printf(Locale.ROOT, "input: %,d simulated Hà Tĩnh events, %,.1f MB of JSON Lines (%s)%n", written, bytes / 1e6, file);

        EmbeddedKafka kafka = null;
        SchemaRegistryServer registry = null;
        Map<String, String> endpoints = new HashMap<>();
        try {
            if (options.containsKey("bootstrap")) {
                endpoints.put(Endpoints.KAFKA_BOOTSTRAP, options.get("bootstrap"));
                endpoints.put(Endpoints.REGISTRY_URL, options.get("registry"));
                System.out.println("target: " + endpoints);
            } else {
                kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                registry = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers());
                kafka.createTopic(Topics.REFERENCE, 1);
                kafka.createTopic(Topics.MEMBER_EVENTS, 6);
                kafka.createTopic(Topics.MEETING_EVENTS, 6);
                endpoints.put(Endpoints.KAFKA_BOOTSTRAP, kafka.bootstrapServers());
                endpoints.put(Endpoints.REGISTRY_URL, registry.url());
                System.out.println("target: embedded KRaft broker " + kafka.bootstrapServers() + " and registry " + registry.url()
                        + " in this JVM");
            }
            System.out.printf(Locale.ROOT, "machine: %d cores, java %s, max heap %,d MB%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);

            List<Double> rates = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                double rate = measure("publish --dry-run (read, parse, check)", List.of("--dry-run", "--progress=none", file.toString()),
                        endpoints, written);
                System.out.printf(Locale.ROOT, "run %d  dry-run: %,.0f events/s%n", run, rate);
                rate = measure("publish", List.of("--progress=none", file.toString()), endpoints, written);
                System.out.printf(Locale.ROOT, "run %d  publish: %,.0f events/s%n", run, rate);
                if (run > 1 || runs == 1) {
                    rates.add(rate);
                }
            }
            rates.sort(Double::compare);
            System.out.printf(Locale.ROOT, "RESULT publish end to end (parse + check + serialize + send + acks=all): median %,.0f events/s "
                    + "over %d measured runs of %,d events (min %,.0f, max %,.0f)%n", rates.get(rates.size() / 2), rates.size(), written,
                    rates.get(0), rates.get(rates.size() - 1));
            System.out.printf(Locale.ROOT, "peak heap used: %,d MB%n", ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20);
        } finally {
            if (registry != null) {
                registry.close();
            }
            if (kafka != null) {
                kafka.close();
            }
        }
        System.exit(0);
    }

    private static double measure(String what, List<String> args, Map<String, String> endpoints, long expected) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long started = System.nanoTime();
        int exit = PublishCommand.run(args, endpoints, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        double seconds = (System.nanoTime() - started) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException(what + " exited " + exit + ": " + err.toString(StandardCharsets.UTF_8));
        }
        String summary = out.toString(StandardCharsets.UTF_8).trim();
        System.out.println("  " + summary);
        return expected / seconds;
    }

    /** The first {@code events} events of the Hà Tĩnh simulation, starting far enough back for dates to stay valid. */
    private static long generate(Path file, long events) throws IOException {
        LocalDate today = EventRules.today(Clock.systemUTC());
        LocalDate start = today.minusYears(Math.max(1, events / 200_000 + 1)).withDayOfMonth(1);
        ProvinceSimulator simulator = ProvinceSimulator.haTinh(2026, start, ProvinceSimulator.DEFAULT_DUPLICATE_RATE, 0.0);
        long[] n = new long[1];
        try (JsonLinesSink sink = new JsonLinesSink(file)) {
            EventGenerator.until(simulator, today).limit(events).forEach(e -> {
                sink.accept(e);
                n[0]++;
            });
        }
        return n[0];
    }
}
