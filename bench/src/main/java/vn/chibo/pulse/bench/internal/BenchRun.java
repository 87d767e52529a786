package vn.chibo.pulse.bench.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

import vn.chibo.pulse.bench.BenchConfig;
import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.ParsedEvent;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.producers.CommunePublisher;
import vn.chibo.pulse.producers.CommunePublisherConfig;
import vn.chibo.pulse.producers.simulator.SimulatedEvent;
import vn.chibo.pulse.registry.serde.KafkaAvroSerializer;
import vn.chibo.pulse.streams.StreamsService;

/**
 * One run of the benchmark, in two stacks of separate processes:
 * <ol>
 * <li>the live stack (province): the raw limit, the pipeline's throughput on the province batch,
 *     freshness at the nominal load and at a share of the measured maximum, and the naive peer;</li>
 * <li>the replay stack (the chosen scale): the year's event log loaded first, then the streams app
 *     and the sink started fresh and timed until PostgreSQL reflects all of it.</li>
 * </ol>
 * A phase that fails is reported and the run goes on with the others.
 */
public final class BenchRun {
    private static final String LIVE_DB = "pulse_bench";
    private static final String REPLAY_DB = "pulse_replay";
    private static final String NAIVE_DB = "pulse_naive";
    private static final List<String> SOURCE_TOPICS = List.of(Topics.REFERENCE, Topics.MEMBER_EVENTS, Topics.MEETING_EVENTS);
    private static final List<String> AGGREGATE_TOPICS = Topics.AGGREGATES;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** ./pulse's own main: reconcile runs as a user runs it. */
    private static final String RECONCILE_MAIN = "vn.chibo.pulse.cli.Pulse";

    private final BenchConfig config;
    private final PrintStream out;
    private final Results results = new Results();
    private final LocalDate today = EventRules.today();
    private Path work;
    private Path jfrDir;
    private MemoryWatch memory;
    private Databases databases;
    private ChildJvm liveBroker;
    private Long postmasterPid;

    public BenchRun(BenchConfig config, String command, PrintStream out) {
        this.config = config;
        this.out = out;
        results.command = command;
        results.scale = config.scaleName();
    }

    public Results run() throws Exception {
        long started = System.nanoTime();
        results.startedAt = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        results.machine.putAll(Machine.describe());
        results.loadBefore = Machine.loadAverage();
        work = config.workDir() != null ? Files.createDirectories(config.workDir()) : Files.createTempDirectory("pulse-bench-");
        if (config.getBoolean(BenchConfig.PROFILE)) {
            jfrDir = Files.createDirectories(work.resolve("jfr"));
        }
        say("work directory " + work + " (logs in " + work.resolve("logs") + ")");
        memory = new MemoryWatch();
        BenchPostgres embedded = null;
        try {
            if (config.getString(BenchConfig.PG_URL).isBlank()) {
                boolean durable = config.getBoolean(BenchConfig.PG_DURABLE);
                say("starting an embedded PostgreSQL (" + (durable ? "durable: fsync and synchronous_commit on" : "fsync off") + ")");
                embedded = BenchPostgres.start(work.resolve("postgres"), durable);
                databases = new Databases(embedded.url(), embedded.user(), "");
                results.embeddedPostgres = true;
                postmasterPid = embedded.postmasterPid().orElse(null);
                if (postmasterPid != null) {
                    memory.track("PostgreSQL", postmasterPid, true);
                }
            } else {
                databases = new Databases(config.getString(BenchConfig.PG_URL), config.getString(BenchConfig.PG_USER), config.pgPassword());
            }
            try (Connection c = databases.connect("postgres")) {
                results.postgres = Machine.postgres(c);
            }
            if (config.runs("raw") || config.runs("pipeline") || config.runs("freshness") || config.runs("naive")) {
                liveStack();
            }
            if (config.runs("replay")) {
                replayStack();
            }
        } finally {
            memory.close();
            if (embedded != null) {
                embedded.close();
            }
            results.loadAfter = Machine.loadAverage();
            results.runSeconds = (System.nanoTime() - started) / 1e9;
            if (!config.getBoolean(BenchConfig.KEEP_WORK_DIR) && config.workDir() == null) {
                deleteQuietly(work);
            }
        }
        return results;
    }

    // ------------------------------------------------------------------ the live stack

    private void liveStack() throws Exception {
        memory.reset();
        databases.recreate(LIVE_DB);
        ChildJvm broker = startBroker("live");
        liveBroker = broker;
        try (Admin admin = BenchKafka.admin(bootstrap(broker))) {
            String kafka = bootstrap(broker);
            String registry = registry(broker);
            BenchKafka.createPipelineTopics(admin, config.getInt(BenchConfig.PARTITIONS));
            KafkaAvroSerializer serializer = serializer(registry);

            int copies = config.getInt(BenchConfig.BATCH_COPIES);
            say("simulating the province, " + copies + " copies of it, " + Datasets.PROVINCE_YEARS
                    + " years each from the first, which is the batch");
            Datasets.Province province = Datasets.province(config.getLong(BenchConfig.SEED), today, copies, serializer);
            results.batchCopies = copies;
            results.referenceEvents = province.referenceEvents();
            results.expectedMembersActive = province.membersActiveAfterBatch();
            results.batchEvents = province.batchEvents();
            results.batchBytes = province.batchBytes();
            results.batchPeriod = "simulated " + province.firstDay() + " to " + province.lastBatchDay();
            results.batchPhases.putAll(province.batchPhases());
            say("province: " + Report.count(province.referenceEvents()) + " reference events, then a batch of "
                    + Report.count(province.batchEvents()) + " events, " + String.format("%.1f MB", province.batchBytes() / 1e6));

            if (config.runs("raw")) {
                phase("raw", () -> {
                    say("raw limit: producing the batch of one copy over and over for " + config.getInt(BenchConfig.RAW_SECONDS) + " s");
                    results.raw = RawLimit.run(kafka, registry, admin, province.batch(0),
                            Duration.ofSeconds(config.getInt(BenchConfig.RAW_SECONDS)));
                    say("raw limit: " + Report.rate(results.raw.eventsPerSecond()));
                });
            }

            List<Freshness.Probe> probes = List.of(Freshness.Probe.named("NOMINAL", today), Freshness.Probe.named("LOADED", today));
            AtomicReference<PipelineProcesses> pipeline = new AtomicReference<>();
            AtomicReference<Map<TopicPartition, Long>> batchEnds = new AtomicReference<>();
            try {
                if (config.runs("pipeline")) {
                    phase("pipeline", () -> {
                        pipeline.set(startPipeline("live", kafka, registry, LIVE_DB));
                        results.pipeline = throughput(admin, kafka, registry, province, probes, batchEnds, pipeline.get());
                        say("pipeline: " + (results.pipeline.finished()
                                ? Report.rate(results.pipeline.eventsPerSecond()) + " (" + Report.secs(results.pipeline.seconds()) + ")"
                                : results.pipeline.unfinished().describe()));
                    });
                    if (results.pipeline != null && results.pipeline.finished()) {
                        phase("sustained rate", () -> results.sustained = sustained(admin, kafka, registry, province, pipeline.get()));
                    }
                    if (config.runs("freshness") && results.pipeline != null) {
                        if (results.pipeline.finished()) {
                            freshness(admin, kafka, registry, province, probes);
                        } else {
                            results.notRun.put("freshness", "the pipeline did not work through the batch within the time limit, "
                                    + "so neither its maximum nor a quiet pipeline to load is there");
                        }
                    }
                }
            } finally {
                if (pipeline.get() != null) {
                    pipeline.get().close();
                    recordPeaks(pipeline.get());
                    profile(pipeline.get().streams());
                    profile(pipeline.get().sink());
                }
            }
            if (config.runs("naive")) {
                phase("naive", () -> {
                    Map<TopicPartition, Long> upTo = batchEnds.get();
                    if (upTo == null) {
                        upTo = new HashMap<>(publishReference(admin, kafka, registry, province, List.of()));
                        for (Map.Entry<TopicPartition, Long> e
                                : publish(admin, kafka, registry, List.of(province.batch(0))).endsOfFirst().entrySet()) {
                            upTo.putIfAbsent(e.getKey(), e.getValue()); // the reference topic's end is the first copy's
                        }
                    }
                    databases.recreate(NAIVE_DB);
                    NaivePeer.install(databases, NAIVE_DB);
                    say("naive peer: applying the first copy of the batch, one statement per event, for at most "
                            + config.getInt(BenchConfig.NAIVE_SECONDS) + " s");
                    long total = upTo.values().stream().mapToLong(Long::longValue).sum();
                    Progress progress = new Progress("naive peer", this::say);
                    try (Connection c = databases.connect(NAIVE_DB)) {
                        results.naive = NaivePeer.run(kafka, registry, c, upTo, Duration.ofSeconds(config.getInt(BenchConfig.NAIVE_SECONDS)),
                                today, n -> progress.update(n, total, null));
                    }
                    say("naive peer: " + Report.rate(results.naive.eventsPerSecond()) + " (" + Report.count(results.naive.events())
                            + " events)");
                });
            }
        } finally {
            results.liveMemory = stopBroker(broker);
        }
    }

    /** A batch sent: when, how long sending took, and the event topics' end offsets after its first part and after all of it. */
    private record Published(long firstSendMillis, long firstSendNanos, double seconds, Map<TopicPartition, Long> endsOfFirst,
                             Map<TopicPartition, Long> ends) {}

    /**
     * Publishes the probes' reference data through the commune publisher, then every copy's, and
     * returns the end of the reference topic after the first copy's (the naive peer applies that
     * copy alone).
     */
    private Map<TopicPartition, Long> publishReference(Admin admin, String kafka, String registry, Datasets.Province province,
                                                       List<Freshness.Probe> probes) throws Exception {
        try (CommunePublisher publisher = new CommunePublisher(CommunePublisherConfig.of(kafka, registry))) {
            for (Freshness.Probe p : probes) {
                for (SpecificRecord e : p.reference()) {
                    publisher.publish(ParsedEvent.of(e));
                }
            }
            publisher.flush();
        }
        List<EventBatch> references = new ArrayList<>();
        for (int k = 0; k < province.copies(); k++) {
            references.add(province.reference(k));
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        publish(admin, kafka, registry, references).endsOfFirst().forEach((tp, end) -> {
            if (tp.topic().equals(Topics.REFERENCE)) {
                ends.put(tp, end);
            }
        });
        return ends;
    }

    /**
     * Publishes batches one after the other at full speed with the publisher's settings, noting
     * the end offsets after the first; returns when all are acknowledged.
     */
    private Published publish(Admin admin, String kafka, String registry, List<EventBatch> batches) throws Exception {
        AtomicReference<Exception> failed = new AtomicReference<>();
        long firstSend;
        long t0;
        Map<TopicPartition, Long> endsOfFirst = null;
        List<TopicPartition> partitions = Drain.partitions(admin, SOURCE_TOPICS);
        try (KafkaProducer<byte[], byte[]> producer = BenchKafka.publisherOfBytes(kafka, registry, "pulse-bench-publisher")) {
            firstSend = System.currentTimeMillis();
            t0 = System.nanoTime();
            for (EventBatch batch : batches) {
                for (int i = 0; i < batch.size(); i++) {
                    producer.send(batch.record(i, t -> t), (m, e) -> {
                        if (e != null) {
                            failed.compareAndSet(null, e);
                        }
                    });
                }
                if (endsOfFirst == null) {
                    producer.flush();
                    endsOfFirst = endOffsets(admin, partitions);
                }
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("publishing failed: " + failed.get(), failed.get());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Published(firstSend, t0, seconds, endsOfFirst, endOffsets(admin, partitions));
    }

    /**
     * The pipeline's maximum. The reference data goes first, and the run waits until the pipeline
     * holds it (SPEC.md §2: reference data is loaded first). Then the batch — the province's
     * copies one after the other — is published as fast as the publisher goes, far faster than the
     * pipeline, so the pipeline works through a backlog from start to end and never waits for
     * input. The first copy warms the fresh JVMs up (they take tens of seconds to compile their hot
     * code); from the moment the streams app has read it, events over the time to the sink's last
     * commit is the rate it sustains. Freshness at a share of it then checks that the backlog does
     * not grow below it.
     */
    private Results.Throughput throughput(Admin admin, String kafka, String registry, Datasets.Province province,
                                          List<Freshness.Probe> probes, AtomicReference<Map<TopicPartition, Long>> ends,
                                          PipelineProcesses pipeline) throws Exception {
        try (Connection pg = databases.connect(LIVE_DB)) {
            Drain drain = new Drain(admin, pg, PipelineProcesses.STREAMS_GROUP, PipelineProcesses.SINK_NAME, SOURCE_TOPICS, AGGREGATE_TOPICS);
            say("pipeline: publishing the reference data (" + Report.count(province.referenceEvents()) + " events) and waiting for it");
            Map<TopicPartition, Long> naiveEnds = new HashMap<>(publishReference(admin, kafka, registry, province, probes));
            Drain.Backlog held = awaitHeld(drain, "reference data", pipeline);
            // the branches reach the members' tasks through the global store, read by its own thread: give it a moment
            Thread.sleep(1000);
            int copies = province.copies();
            say("pipeline: publishing the batch at full speed" + (copies == 1 ? ""
                    : ": the first copy warms the pipeline up, " + (copies == 2 ? "the second is" : "the other " + (copies - 1) + " are")
                            + " measured"));
            List<EventBatch> batches = new ArrayList<>();
            for (int k = 0; k < copies; k++) {
                batches.add(province.batch(k));
            }
            long events = province.batchEvents();
            Map<String, Double> cpuBefore = cpu(liveBroker, pipeline);
            Published published = publish(admin, kafka, registry, batches);
            batches.clear();
            province.forgetBatches();
            // the naive peer applies the first copy: its reference data (above) and its batch
            published.endsOfFirst().forEach((tp, end) -> {
                if (!tp.topic().equals(Topics.REFERENCE)) {
                    naiveEnds.put(tp, end);
                }
            });
            ends.set(naiveEnds);
            say("pipeline: published in " + Report.secs(published.seconds()) + "; waiting for PostgreSQL to reflect it");
            Predicate<Drain.Backlog> firstCopyRead = copies == 1 ? null : b -> published.endsOfFirst().entrySet().stream()
                    .filter(e -> !e.getKey().topic().equals(Topics.REFERENCE))
                    .allMatch(e -> b.positions().getOrDefault(e.getKey(), 0L) >= e.getValue());
            Wait wait = awaitReflected(drain, "pipeline", events, held.consumed(), published.firstSendNanos(), () -> true,
                    () -> pipeline.checkAlive(), firstCopyRead);
            if (!wait.finished()) {
                return new Results.Throughput(events, wait.seconds(), published.seconds(), Results.Unfinished.of(
                        timeLimitSeconds(), wait.seconds(), wait.done(), events,
                        wait.last().internalConsumed() - held.internalConsumed(), wait.last().streamsInternal()), events, wait.seconds());
            }
            long last = drain.lastSinkCommitMillis();
            Map<String, Double> cpuAfter = cpu(liveBroker, pipeline);
            cpuAfter.forEach((k, v) -> results.batchCpuSeconds.put(k, v - cpuBefore.getOrDefault(k, 0.0)));
            results.kafkaWrites.putAll(KafkaWrites.count(admin, PipelineProcesses.STREAMS_GROUP));
            results.pipelineMembersActive = membersActive(pg);
            results.pipelineRejections = pipeline.settledRejections(referenceWaitAndMargin());
            say("pipeline: reporting.province_current.members_active = " + Report.count(results.pipelineMembersActive)
                    + " (the simulations count " + Report.count(results.expectedMembersActive) + "); rejections: "
                    + results.pipelineRejections);
            double seconds = (last - published.firstSendMillis()) / 1000.0;
            Warm warm = wait.warm();
            if (warm == null) {
                return new Results.Throughput(events, seconds, published.seconds(), null, events, seconds);
            }
            say(String.format(Locale.ROOT, "pipeline: the first copy was read after %s; the rest took %s",
                    Report.secs(warm.seconds()), Report.secs(seconds - warm.seconds())));
            return new Results.Throughput(events, seconds, published.seconds(), null, events - warm.done(), seconds - warm.seconds());
        }
    }

    /** CPU seconds used so far by each process of a stack, the bench itself included. */
    private Map<String, Double> cpu(ChildJvm broker, PipelineProcesses pipeline) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("broker + registry", ProcessMemory.cpuSeconds(broker.pid()));
        cpu.put("streams app", ProcessMemory.cpuSeconds(pipeline.streams().pid()));
        cpu.put("sink", ProcessMemory.cpuSeconds(pipeline.sink().pid()));
        if (postmasterPid != null) {
            cpu.put("PostgreSQL", ProcessMemory.treeCpuSeconds(postmasterPid));
        }
        cpu.put("bench (publisher, monitoring)", ProcessMemory.cpuSeconds(ProcessHandle.current().pid()));
        return cpu;
    }

    /** How long an event may wait for reference data in the streams app (as configured), and 15 s to be refused. */
    private Duration referenceWaitAndMargin() {
        Object waitMs = StreamsService.configDef().parse(config.streamsSettings()).get("reference.wait.ms");
        return Duration.ofMillis((Long) waitMs).plusSeconds(15);
    }

    private double timeLimitSeconds() {
        return config.getDouble(BenchConfig.TIME_LIMIT_MINUTES) * 60;
    }

    /** How a wait for PostgreSQL ended: all reflected, or stopped by the time limit with {@code done} events read. */
    private record Wait(boolean finished, long done, double seconds, Drain.Backlog last, Warm warm) {}

    /** How far the streams app had got, {@code seconds} into a phase, when it had finished warming up. */
    private record Warm(double seconds, long done) {}

    /** Waits until the pipeline holds what was published so far (the reference data); fails past the time limit. */
    private Drain.Backlog awaitHeld(Drain drain, String what, PipelineProcesses pipeline) throws Exception {
        Wait wait = awaitReflected(drain, what, 0, 0, System.nanoTime(), () -> true, () -> pipeline.checkAlive(), null);
        if (!wait.finished()) {
            throw new IllegalStateException("the pipeline did not reflect the " + what + " within "
                    + Report.minutes(timeLimitSeconds()) + ": " + Report.count(wait.last().streams())
                    + " records left for the streams app, " + Report.count(wait.last().sink()) + " for the sink");
        }
        return wait.last();
    }

    /**
     * Waits until PostgreSQL reflects everything in the log (see {@link Drain}) and {@code inputComplete}
     * says nothing more is coming, or until the time limit after {@code startNanos}. Every 10 s it
     * says how many of {@code total} events the streams app has read since it stood at
     * {@code consumedBefore}, at what pace, and what is left; {@code check} throws if a process died.
     * The first backlog {@code warmedUp} accepts (if given) marks the end of the warm-up.
     */
    private Wait awaitReflected(Drain drain, String what, long total, long consumedBefore, long startNanos,
                                BooleanSupplier inputComplete, Runnable check, Predicate<Drain.Backlog> warmedUp) throws Exception {
        long deadline = startNanos + (long) (timeLimitSeconds() * 1e9);
        Progress progress = new Progress(what, this::say, startNanos);
        Drain.Backlog previous = null;
        Warm warm = null;
        while (true) {
            boolean complete = inputComplete.getAsBoolean();
            long sampled = System.nanoTime();
            Drain.Backlog now = drain.backlog();
            long done = now.consumed() - consumedBefore;
            if (warm == null && warmedUp != null && warmedUp.test(now)) {
                warm = new Warm((sampled - startNanos) / 1e9, done);
            }
            if (complete && now.empty() && previous != null && previous.empty() && previous.ends().equals(now.ends())) {
                return new Wait(true, done, (System.nanoTime() - startNanos) / 1e9, now, warm);
            }
            check.run();
            long t = System.nanoTime();
            if (t >= deadline) {
                return new Wait(false, done, (t - startNanos) / 1e9, now, warm);
            }
            if (total > 0) {
                progress.update(done, total, "left: " + Report.count(now.streamsInternal())
                        + " records in the app's own topics, " + Report.count(now.sink()) + " for the sink");
            }
            previous = now;
            Thread.sleep(250);
        }
    }

    /** The largest steady rate the pipeline keeps up with (see {@link SustainedRate}), from the batch's pace down. */
    private SustainedRate.Result sustained(Admin admin, String kafka, String registry, Datasets.Province province,
                                           PipelineProcesses pipeline) throws Exception {
        Duration window = Duration.ofSeconds(config.getInt(BenchConfig.SUSTAIN_SECONDS));
        try (Connection lag = databases.connect(LIVE_DB);
             KafkaProducer<byte[], byte[]> producer = BenchKafka.publisherOfBytes(kafka, registry, "pulse-bench-sustain")) {
            Drain drain = new Drain(admin, lag, PipelineProcesses.STREAMS_GROUP, PipelineProcesses.SINK_NAME, SOURCE_TOPICS, AGGREGATE_TOPICS);
            say("sustained rate: steady loads of the continuing simulation from " + Report.rate(results.pipeline.eventsPerSecond())
                    + " down by 15 % a step, " + SUSTAIN_WARMUP.toSeconds() + " + " + window.toSeconds()
                    + " s each, until it keeps up");
            SustainedRate.Result r = SustainedRate.search(results.pipeline.eventsPerSecond(), SUSTAIN_WARMUP, window, producer,
                    new SustainedRate.Run() {
                        @Override
                        public EventBatch load(int n) {
                            return province.nextLoad(n);
                        }

                        @Override
                        public long backlog() throws Exception {
                            return drain.backlog().total();
                        }

                        @Override
                        public void settle() throws Exception {
                            awaitHeld(drain, "load", pipeline);
                        }
                    }, this::say);
            say("sustained rate: " + (r.found() ? Report.rate(r.eventsPerSecond()) : "none of the rates tried"));
            return r;
        }
    }

    /** Load before a sustained-rate step is measured. */
    private static final Duration SUSTAIN_WARMUP = Duration.ofSeconds(5);

    private void freshness(Admin admin, String kafka, String registry, Datasets.Province province, List<Freshness.Probe> probes)
            throws Exception {
        Duration length = Duration.ofSeconds(config.getInt(BenchConfig.FRESHNESS_SECONDS));
        Duration warmup = Duration.ofSeconds(config.getInt(BenchConfig.FRESHNESS_WARMUP_SECONDS));
        Duration probeEvery = Duration.ofMillis(config.getInt(BenchConfig.PROBE_INTERVAL_MS));
        Duration pollEvery = Duration.ofMillis(config.getInt(BenchConfig.POLL_INTERVAL_MS));
        double nominal = config.getInt(BenchConfig.NOMINAL_RATE);
        double loaded = config.getDouble(BenchConfig.LOAD_FRACTION) * Report.pipelineRate(results);
        try (Connection poll = databases.connect(LIVE_DB);
             Connection lag = databases.connect(LIVE_DB);
             CommunePublisher probePublisher = new CommunePublisher(CommunePublisherConfig.of(kafka, registry));
             KafkaProducer<byte[], byte[]> producer = BenchKafka.publisherOfBytes(kafka, registry, "pulse-bench-load")) {
            Drain drain = new Drain(admin, lag, PipelineProcesses.STREAMS_GROUP, PipelineProcesses.SINK_NAME, SOURCE_TOPICS, AGGREGATE_TOPICS);
            phase("freshness at nominal load", () -> {
                EventBatch load = province.nextLoad((int) Math.ceil(nominal * (warmup.toSeconds() + length.toSeconds()) * 1.05));
                say("freshness: " + Report.rate(nominal) + " for " + warmup.toSeconds() + " s of warm-up, then " + length.toSeconds()
                        + " s measured, a probe every " + probeEvery.toMillis() + " ms");
                results.nominal = Freshness.run(probes.get(0), probePublisher, producer, load, nominal, warmup, length, probeEvery, pollEvery, poll, drain,
                        work.resolve("freshness-nominal.csv"));
                sayFreshness(results.nominal);
            });
            phase("freshness at " + Report.pct(config.getDouble(BenchConfig.LOAD_FRACTION)) + " of the maximum", () -> {
                EventBatch load = province.nextLoad((int) Math.ceil(loaded * (warmup.toSeconds() + length.toSeconds()) * 1.05));
                if (load.size() < loaded * (warmup.toSeconds() + length.toSeconds())) {
                    say("freshness: the simulation holds " + Report.count(load.size()) + " more events; the run will be shorter");
                }
                say("freshness: " + Report.rate(loaded) + " for " + warmup.toSeconds() + " s of warm-up, then " + length.toSeconds()
                        + " s measured");
                results.loaded = Freshness.run(probes.get(1), probePublisher, producer, load, loaded, warmup, length, probeEvery, pollEvery, poll, drain,
                        work.resolve("freshness-loaded.csv"));
                sayFreshness(results.loaded);
            });
        }
    }

    private void sayFreshness(Freshness.Result f) {
        say(String.format("freshness at %s: p50 %s, p99 %s, max %s; backlog %s → %s records",
                Report.rate(f.targetRate()), Report.ms(f.latenciesMs().percentile(50)), Report.ms(f.latenciesMs().percentile(99)),
                Report.ms(f.latenciesMs().max()), Report.count(Math.round(f.backlogMeanFirstHalf())),
                Report.count(Math.round(f.backlogMeanSecondHalf()))));
    }

    // ------------------------------------------------------------------ the replay stack

    private void replayStack() throws Exception {
        memory.reset();
        databases.recreate(REPLAY_DB);
        ChildJvm broker = startBroker("replay");
        try (Admin admin = BenchKafka.admin(bootstrap(broker))) {
            String kafka = bootstrap(broker);
            String registry = registry(broker);
            BenchKafka.createPipelineTopics(admin, config.getInt(BenchConfig.PARTITIONS));
            phase("replay", () -> replay(admin, kafka, registry, broker));
        } finally {
            results.replayMemory = stopBroker(broker);
        }
    }

    /**
     * One simulated year at the chosen scale written to the event log, then the streams app and
     * the sink started fresh on it and timed until PostgreSQL reflects all of it (or the time
     * limit). With --replay-reference-first only the reference data is written before they start,
     * and the rest while they work.
     */
    private void replay(Admin admin, String kafka, String registry, ChildJvm broker) throws Exception {
        boolean referenceFirst = config.getBoolean(BenchConfig.REPLAY_REFERENCE_FIRST);
        long seed = config.getLong(BenchConfig.SEED);
        say("replay: counting the events of one simulated year at scale " + results.scale + " (a first pass of the simulation)");
        Datasets.YearSize size = Datasets.yearSize(config.scale(), seed, today);
        say("replay: " + Report.count(size.events()) + " events, of which " + Report.count(size.referenceEvents())
                + " reference data; " + Report.count(size.membersActive()) + " members active at the end");
        Datasets.Year year = Datasets.year(config.scale(), seed, today);
        Iterator<SimulatedEvent> log = year.events().iterator();
        try (EventLogWriter writer = new EventLogWriter(kafka, registry)) {
            long loadStart = System.nanoTime();
            long start;
            PipelineProcesses pipeline;
            if (referenceFirst) {
                say("replay: writing the reference data to the event log");
                writer.write(log, () -> year.simulator().nextPhase() != SimulatedEvent.Phase.REFERENCE, n -> { });
                memory.reset();
                start = System.nanoTime();
                pipeline = startPipeline("replay", kafka, registry, REPLAY_DB);
            } else {
                Progress progress = new Progress("replay: writing the event log", this::say);
                say("replay: writing the event log as fast as the simulation makes it");
                writer.write(log, () -> false, n -> progress.update(n, size.events(), null));
                say("replay: " + Report.count(writer.written()) + " events in the log, written in "
                        + Report.secs((System.nanoTime() - loadStart) / 1e9));
                memory.reset();
                say("replay: starting the streams app and the sink on the complete log");
                start = System.nanoTime();
                pipeline = startPipeline("replay", kafka, registry, REPLAY_DB);
            }
            Map<String, Double> cpuBefore = cpu(broker, pipeline);
            long startMillis = System.currentTimeMillis() - (System.nanoTime() - start) / 1_000_000;
            try (Connection pg = databases.connect(REPLAY_DB)) {
                Drain drain = new Drain(admin, pg, PipelineProcesses.STREAMS_GROUP, PipelineProcesses.SINK_NAME,
                        SOURCE_TOPICS, AGGREGATE_TOPICS);
                if (referenceFirst) {
                    awaitHeld(drain, "replay reference data", pipeline);
                    Thread.sleep(1000); // the global store's own thread, as for the batch
                    say("replay: reference data held; writing the rest of the year to the log while the pipeline works");
                    writer.writeInBackground(log);
                }
                Wait wait = awaitReflected(drain, "replay", size.events(), 0, start, writer::finished, () -> {
                    pipeline.checkAlive();
                    writer.check();
                }, null);
                writer.stop();
                cpu(broker, pipeline).forEach((k, v) -> results.replayCpuSeconds.put(k, v - cpuBefore.getOrDefault(k, 0.0)));
                if (wait.finished()) {
                    results.replayKafkaWrites.putAll(KafkaWrites.count(admin, PipelineProcesses.STREAMS_GROUP));
                }
                // with the reference data first, the rest was written while the pipeline worked
                double loadSeconds = referenceFirst ? writer.seconds() : (start - loadStart) / 1e9;
                Results.Unfinished unfinished = wait.finished() ? null
                        : Results.Unfinished.of(timeLimitSeconds(), wait.seconds(), wait.done(), size.events(),
                                wait.last().internalConsumed(), wait.last().streamsInternal());
                double seconds = wait.finished() ? (drain.lastSinkCommitMillis() - startMillis) / 1000.0 : wait.seconds();
                results.replay = new Results.Replay(results.scale, writer.written(), loadSeconds, seconds,
                        wait.finished() ? membersActive(pg) : -1, size.membersActive(),
                        wait.finished() ? pipeline.settledRejections(referenceWaitAndMargin()) : pipeline.rejections(), referenceFirst,
                        unfinished);
                if (wait.finished()) {
                    say("replay: reporting.province_current.members_active = " + Report.count(results.replay.membersActive())
                            + " (the simulation counts " + Report.count(results.replay.expectedMembersActive()) + "); rejections: "
                            + results.replay.rejections());
                    say("replay: " + Report.secs(seconds) + " (" + Report.rate(results.replay.eventsPerSecond()) + ")");
                    phase("levels after the replay", () -> {
                        say("replay: reading each level whole, province down to branches");
                        results.levels = LevelReads.measure(pg);
                        results.levels.reads().forEach(r -> say("replay: reporting." + r.relation() + ", "
                                + Report.count(r.rows()) + " rows in " + Report.secs(r.seconds())));
                    });
                    if (config.runs("reconcile")) {
                        phase("reconcile", () -> results.reconcile = reconcile(kafka, registry, pipeline));
                    }
                } else {
                    say("replay: " + unfinished.describe());
                }
            } finally {
                pipeline.close();
                recordPeaks(pipeline);
                profile(pipeline.streams());
                profile(pipeline.sink());
            }
        }
    }

    /**
     * {@code ./pulse reconcile} on the replayed pipeline, still running, in a JVM of its own with
     * ./pulse's heap settings: how long it takes to prove the database against the whole log, and
     * the memory it needs for that.
     */
    private Results.Reconcile reconcile(String kafka, String registry, PipelineProcesses pipeline) throws Exception {
        say("reconcile: ./pulse reconcile against the replayed database, in a JVM of its own");
        List<String> args = List.of("reconcile", "--no-progress",
                "--kafka-bootstrap", kafka, "--registry-url", registry, "--streams-url", pipeline.queryUrl(),
                "--pg-url", databases.url(REPLAY_DB), "--pg-user", databases.user(),
                "--application-id", PipelineProcesses.STREAMS_GROUP, "--sink-name", PipelineProcesses.SINK_NAME,
                "--timeout", String.valueOf((long) timeLimitSeconds()));
        long start = System.nanoTime();
        ChildJvm reconcile = ChildJvm.start("reconcile", PipelineProcesses.jvm(options(BenchConfig.RECONCILE_JVM_OPTS), jfrDir, "reconcile"),
                RECONCILE_MAIN, args, work.resolve("logs/reconcile.log"), Map.of("PULSE_PG_PASSWORD", databases.password()));
        int status = reconcile.awaitExit(Duration.ofSeconds((long) timeLimitSeconds() + 600));
        double seconds = (System.nanoTime() - start) / 1e9;
        String verdict = Files.readAllLines(reconcile.log(), StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("reconcile: AGREED") || l.startsWith("reconcile: DIFFERENT") || l.startsWith("reconcile: NO VERDICT"))
                .findFirst().orElse("no verdict printed (exit status " + status + "); see " + reconcile.log());
        say(verdict);
        long peak = reconcile.peakRss().orElse(-1);
        say("reconcile: " + Report.secs(seconds) + ", exit status " + status + ", peak resident " + Report.mib(peak));
        return new Results.Reconcile(seconds, peak, status, verdict.substring(verdict.indexOf(':') + 1).trim());
    }

    // ------------------------------------------------------------------ processes

    private ChildJvm startBroker(String label) throws InterruptedException {
        say("starting broker + schema registry (" + label + ")");
        ChildJvm broker = ChildJvm.start(label + "-broker",
                PipelineProcesses.jvm(options(BenchConfig.BROKER_JVM_OPTS), jfrDir, label + "-broker"),
                BrokerMain.class.getName(), List.of(BrokerMain.DATA_DIR + "=" + work.resolve(label + "-kafka")),
                work.resolve("logs/" + label + "-broker.log"), Map.of());
        try {
            broker.awaitLine(l -> l.contains(BrokerMain.READY), START_TIMEOUT);
        } catch (RuntimeException | InterruptedException e) {
            broker.stop(Duration.ofSeconds(10));
            throw e;
        }
        memory.track("broker + registry", broker.pid(), false);
        return broker;
    }

    private PipelineProcesses startPipeline(String label, String kafka, String registry, String database) throws InterruptedException {
        say("starting the streams app and the sink (" + label + ")");
        PipelineProcesses p = PipelineProcesses.start(label,
                new PipelineProcesses.Endpoints(kafka, registry, databases.url(database), databases.user(), databases.password()),
                new PipelineProcesses.Options(options(BenchConfig.STREAMS_JVM_OPTS), options(BenchConfig.SINK_JVM_OPTS),
                        config.streamsSettings(), config.sinkSettings(), jfrDir),
                work, START_TIMEOUT);
        memory.track("streams app", p.streams().pid(), false);
        memory.track("sink", p.sink().pid(), false);
        return p;
    }

    /** After the processes stopped: their exact peaks (VmHWM) replace the sampled ones. */
    private void recordPeaks(PipelineProcesses p) {
        memory.untrack("streams app");
        memory.untrack("sink");
        p.streams().peakRss().ifPresent(v -> exactPeaks.put("streams app", v));
        p.sink().peakRss().ifPresent(v -> exactPeaks.put("sink", v));
    }

    private final Map<String, Long> exactPeaks = new HashMap<>();

    /** Stops the broker of a stack; the stack's peak memory, the broker's as the kernel kept it. */
    private Results.Memory stopBroker(ChildJvm broker) {
        broker.stop(Duration.ofSeconds(60));
        memory.untrack("broker + registry");
        Map<String, Long> peaks = memory.peaks();
        broker.peakRss().ifPresent(v -> peaks.put("broker + registry", v));
        Results.Memory peak = memory(peaks, memory.peakTotal());
        profile(broker);
        return peak;
    }

    private Results.Memory memory(Map<String, Long> sampled, long peakTotal) {
        Map<String, Long> peaks = new LinkedHashMap<>();
        for (String name : List.of("broker + registry", "streams app", "sink", "PostgreSQL")) {
            Long v = exactPeaks.containsKey(name) ? exactPeaks.get(name) : sampled.get(name);
            if (v != null) {
                peaks.put(name, Math.max(v, sampled.getOrDefault(name, 0L)));
            }
        }
        exactPeaks.clear();
        return new Results.Memory(peaks, peakTotal);
    }

    private void profile(ChildJvm process) {
        if (jfrDir == null) {
            return;
        }
        Path file = jfrDir.resolve(process.name() + ".jfr");
        if (Files.exists(file)) {
            try {
                results.profiles.put(process.name(), JfrProfile.summarize(file, 8));
            } catch (IOException | RuntimeException e) {
                say("profile of " + process.name() + " unreadable: " + e);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private interface Phase {
        void run() throws Exception;
    }

    private void phase(String name, Phase phase) {
        try {
            phase.run();
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (root != e && root.getMessage() != null && !why.contains(root.getMessage())) {
                why += " (" + root.getMessage() + ")";
            }
            results.failures.put(name, why);
            say(name + " FAILED: " + why);
        }
    }

    private List<String> options(String key) {
        String s = config.getString(key).trim();
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
    }

    private static String bootstrap(ChildJvm broker) throws InterruptedException {
        return BrokerMain.addresses(broker.awaitLine(l -> l.contains(BrokerMain.READY), Duration.ofSeconds(1)))[0];
    }

    private static String registry(ChildJvm broker) throws InterruptedException {
        return BrokerMain.addresses(broker.awaitLine(l -> l.contains(BrokerMain.READY), Duration.ofSeconds(1)))[1];
    }

    private static KafkaAvroSerializer serializer(String registry) {
        KafkaAvroSerializer s = new KafkaAvroSerializer();
        s.configure(Map.of("schema.registry.url", registry), false);
        return s;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : admin.listOffsets(request).all().get().entrySet()) {
            ends.put(e.getKey(), e.getValue().offset());
        }
        return ends;
    }

    private static long membersActive(Connection pg) throws SQLException {
        try (Statement s = pg.createStatement(); ResultSet rs = s.executeQuery("SELECT members_active FROM reporting.province_current")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private void say(String line) {
        out.println(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "  " + line);
        out.flush();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
