package vn.chibo.pulse.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import vn.chibo.pulse.http.PrometheusMetrics;
import vn.chibo.pulse.launch.ServiceLauncher;
import vn.chibo.pulse.streams.internal.AggregateQueries;
import vn.chibo.pulse.streams.internal.ClusterHolders;
import vn.chibo.pulse.streams.internal.GlobalStoreAfterCrash;
import vn.chibo.pulse.streams.internal.LocalAggregates;
import vn.chibo.pulse.streams.internal.PulseStreamsConfig;
import vn.chibo.pulse.streams.internal.PulseTopology;
import vn.chibo.pulse.streams.internal.QueryServer;
import vn.chibo.pulse.streams.internal.Rejections;
import vn.chibo.pulse.streams.internal.StreamsMetrics;
import vn.chibo.pulse.streams.internal.TopicSetup;
import vn.chibo.pulse.streams.internal.TopologySettings;

/**
 * The running aggregates app: Kafka Streams with exactly-once processing, plus its HTTP server of
 * interactive queries. Several instances (same application.id) share the partitions; each answers
 * every query for all of them, asking the others that hold a part.
 *
 * <pre>{@code
 * try (StreamsService app = StreamsService.start(Map.of(
 *         "bootstrap.servers", kafka, "schema.registry.url", registry, "state.dir", dir))) {
 *     URI api = app.queryUrl();   // e.g. http://127.0.0.1:41234/  → GET api/current
 * }
 * }</pre>
 *
 * Settings: see {@link #configDef()} and docs/streams.md.
 */
public final class StreamsService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsService.class);
    /** More thread failures than this within the window stop the app instead of retrying forever. */
    private static final int MAX_FAILURES = 10;
    private static final Duration FAILURE_WINDOW = Duration.ofMinutes(5);

    // Set after the query server starts, which may already be asked: read through stateName() and LocalStores.
    private volatile KafkaStreams streams;
    private final QueryServer queryServer;
    private volatile ClusterHolders holders;
    private final StreamsMetrics metrics;
    private final GlobalStoreAfterCrash crashMark;
    private final Deque<Long> failures = new ArrayDeque<>();
    /** Counted down when Kafka Streams stops for good: closed (NOT_RUNNING) or given up (ERROR). */
    private final CountDownLatch terminated = new CountDownLatch(1);

    private StreamsService(PulseStreamsConfig config) {
        int partitions = TopicSetup.prepare(config);
        Topology topology = PulseTopology.buildTopology(
                new TopologySettings(config.registryConfig(), partitions, TopologySettings.acceptedReferenceTopic(config.applicationId()),
                        config.referenceWait(), java.time.Duration.ofMillis(config.getLong(PulseStreamsConfig.COMMIT_INTERVAL_MS))));
        LocalAggregates local = new LocalAggregates(new LocalStores());
        // The query server is bound first: its address is what this instance advertises to the others.
        queryServer = new QueryServer(config.getString(PulseStreamsConfig.HTTP_HOST), config.getInt(PulseStreamsConfig.HTTP_PORT),
                config.httpSettings(), new AggregateQueries(local, this::askHolders, Clock.systemUTC()), this::stateName);
        HostInfo advertised;
        try {
            advertised = config.applicationServer(queryServer.address());
            Properties properties = config.streamsProperties(advertised);
            properties.put(Rejections.MAX_BYTES_CONFIG, TopicSetup.deadLetterMaxBytes(config, properties));
            crashMark = GlobalStoreAfterCrash.prepare(config.getString(PulseStreamsConfig.STATE_DIR), config.applicationId());
            streams = new KafkaStreams(topology, properties);
        } catch (RuntimeException e) {
            queryServer.close();
            throw e;
        }
        streams.setUncaughtExceptionHandler(this::onThreadFailure);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                terminated.countDown();
            }
        });
        streams.start();
        // After start: Kafka Streams' metadata cannot be asked before.
        holders = new ClusterHolders(streams, advertised, local, config.peerAuthorization());
        metrics = new StreamsMetrics(streams, local);
        queryServer.serveText("/metrics", PrometheusMetrics.CONTENT_TYPE, metrics::scrape);
        // the URL ends at a space: scripts and tests read it from this line ("queries at <url> ")
        log.info("pulse streams started: application.id={}, {} partitions, queries at {} (advertised as {})",
                config.applicationId(), partitions, queryServer.url(), advertised);
    }

    /**
     * Creates the missing topics, starts the app and its query server, and returns at once
     * (the app restores its state in the background; see {@link #state()}).
     */
    public static StreamsService start(Map<String, String> settings) {
        ServiceLauncher.trustProjectAvroPackages(); // started in-process too (./pulse up, tests), not only by a main
        return new StreamsService(new PulseStreamsConfig(settings));
    }

    /** Every setting with its default and documentation. */
    public static ConfigDef configDef() {
        return PulseStreamsConfig.CONFIG;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Base URL of the HTTP interactive queries, e.g. {@code http://127.0.0.1:41234/}. */
    public URI queryUrl() {
        return queryServer.url();
    }

    /** Waits until the app processes (state RUNNING); false if it did not within the timeout or failed. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State s = streams.state();
            if (s == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.PENDING_ERROR) {
                return false;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /**
     * Blocks until the app has stopped for good: closed, or failed beyond what replacing a thread can
     * mend. Returns whether it failed (state ERROR): a process should then exit non-zero, so that its
     * supervisor restarts it, instead of staying up with nothing processing.
     */
    public boolean awaitTermination() throws InterruptedException {
        terminated.await();
        return streams.state() == KafkaStreams.State.ERROR;
    }

    @Override
    public void close() {
        queryServer.close();
        metrics.close();
        streams.close(Duration.ofSeconds(60));
        if (streams.state() == KafkaStreams.State.NOT_RUNNING) {
            crashMark.closedCleanly();
        }
    }

    private String stateName() {
        return streams == null ? "STARTING" : streams.state().name();
    }

    private List<JsonNode> askHolders(String localPath, Collection<String> stores) {
        if (holders == null) {
            throw new InvalidStateStoreException("the app is starting");
        }
        return holders.ask(localPath, stores);
    }

    /** The active partitions of the stores on this instance; a store with none here adds nothing while the app runs. */
    private final class LocalStores implements LocalAggregates.StoreAccess {
        @Override
        public <V> ReadOnlyKeyValueStore<String, V> store(String name) {
            if (streams == null) {
                throw new InvalidStateStoreException("the app is starting");
            }
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
        }

        @Override
        public boolean holds(String name) {
            // Not running: reading fails and says so, rather than answering with a part missing.
            return holders == null || streams.state() != KafkaStreams.State.RUNNING || holders.holdsHere(name);
        }
    }

    /**
     * A failed thread is replaced: its task is re-run from the last committed transaction, so
     * nothing is lost or counted twice (e.g. the registry was unreachable). A failure that keeps
     * coming back stops the app rather than spinning.
     */
    private synchronized StreamThreadExceptionResponse onThreadFailure(Throwable e) {
        if (cannotBeMended(e)) {
            log.error("stream thread failed in a way a new thread cannot mend; stopping", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        long now = System.currentTimeMillis();
        failures.addLast(now);
        while (!failures.isEmpty() && failures.peekFirst() < now - FAILURE_WINDOW.toMillis()) {
            failures.removeFirst();
        }
        if (failures.size() > MAX_FAILURES) {
            log.error("stream thread failed {} times in {}; stopping", failures.size(), FAILURE_WINDOW, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        log.warn("stream thread failed; replacing it", e);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /**
     * A source topic gone (it is created only at start) or the JVM out of memory: a new thread would fail
     * the same way, and a restarted process starts clean.
     */
    private static boolean cannotBeMended(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MissingSourceTopicException || t instanceof VirtualMachineError) {
                return true;
            }
        }
        return false;
    }
}
