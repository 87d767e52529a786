package vn.chibo.pulse.bench.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongConsumer;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import vn.chibo.pulse.domain.EventJson;
import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.registry.serde.KafkaAvroDeserializer;
import vn.chibo.pulse.sink.ReportingSchema;

/**
 * The naive peer: how a local system would keep the same figures without Kafka Streams — a
 * consumer that applies every event to PostgreSQL with one SQL statement, {@code SELECT
 * naive.apply(event)} (src/main/resources/naive/naive-peer.sql), each in its own transaction
 * (autocommit), updating the branch rows of the same reporting tables the sink writes in place. Like a commune system's publisher, it first drops events that break the stateless
 * rules of SPEC.md §2 (they never reach the database); the function decides everything that needs
 * state. Reference data is applied first, then member and meeting events.
 */
public final class NaivePeer {
    public static final String SCRIPT = "/naive/naive-peer.sql";
    private static final String APPLY = "SELECT naive.apply(?::jsonb)";

    public record Result(long events, double seconds, long refusedStateless, Map<String, Long> rejectedByReason, boolean complete) {
        public double eventsPerSecond() {
            return events / seconds;
        }
    }

    private NaivePeer() {}

    /**
     * Brings database {@code name} to the reporting schema the sink's migrations make (the relations
     * analysts query, SPEC §4) and (re-)creates the schema {@code naive} with its state tables and
     * functions, the reporting tables it writes emptied.
     */
    public static void install(Databases server, String name) throws SQLException {
        ReportingSchema.migrate(server.url(name), server.user(), server.password());
        try (Connection c = server.connect(name); Statement s = c.createStatement()) {
            s.execute(script());
        }
    }

    static String script() {
        try (InputStream in = NaivePeer.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies one event; returns null when accepted, else the reason the function gives. */
    public static String apply(PreparedStatement apply, SpecificRecord envelope) throws SQLException {
        apply.setString(1, EventJson.toJson(envelope));
        try (ResultSet rs = apply.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    public static PreparedStatement prepare(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        return connection.prepareStatement(APPLY);
    }

    /**
     * Reads the event topics from the beginning up to {@code ends} (the offsets after the batch)
     * and applies each event, the reference topic first, to a database {@link #install} prepared;
     * stops at the ends or after {@code limit}.
     * {@code progress} hears the count of events read after each poll.
     */
    public static Result run(String bootstrap, String registryUrl, Connection connection, Map<TopicPartition, Long> ends,
                             Duration limit, LocalDate today, LongConsumer progress) throws SQLException {
        Map<String, Long> rejected = new TreeMap<>();
        long refused = 0;
        long applied = 0;
        boolean complete = true;
        KafkaAvroDeserializer values = new KafkaAvroDeserializer();
        values.configure(Map.of("schema.registry.url", registryUrl, "specific.avro.reader", true), false);
        List<List<TopicPartition>> rounds = new ArrayList<>();
        List<TopicPartition> reference = new ArrayList<>();
        List<TopicPartition> others = new ArrayList<>();
        ends.forEach((tp, end) -> (tp.topic().equals(Topics.REFERENCE) ? reference : others).add(tp));
        rounds.add(reference);
        rounds.add(others);
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        try (PreparedStatement apply = prepare(connection);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(bootstrap),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (List<TopicPartition> round : rounds) {
                List<TopicPartition> open = new ArrayList<>();
                for (TopicPartition tp : round) {
                    if (ends.get(tp) > 0) {
                        open.add(tp);
                    }
                }
                if (open.isEmpty()) {
                    continue;
                }
                consumer.assign(open);
                consumer.seekToBeginning(open);
                while (!open.isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        complete = false;
                        break;
                    }
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        if (r.offset() >= ends.get(tp)) {
                            continue;
                        }
                        SpecificRecord envelope = (SpecificRecord) values.deserialize(r.topic(), r.value());
                        Optional<Rejection> broken = EventRules.check(envelope, today);
                        if (broken.isPresent()) {
                            refused++;
                        } else {
                            String reason = apply(apply, envelope);
                            if (reason != null) {
                                rejected.merge(reason, 1L, Long::sum);
                            }
                        }
                        applied++;
                    }
                    progress.accept(applied);
                    List<TopicPartition> stillOpen = new ArrayList<>();
                    for (TopicPartition tp : open) {
                        if (consumer.position(tp) < ends.get(tp)) {
                            stillOpen.add(tp);
                        }
                    }
                    if (stillOpen.size() != open.size()) {
                        open = stillOpen;
                        consumer.assign(open);
                    }
                }
                if (!complete) {
                    break;
                }
            }
        } finally {
            values.close();
        }
        return new Result(applied, (System.nanoTime() - started) / 1e9, refused, rejected, complete);
    }

    private static Map<String, Object> consumerConfig(String bootstrap) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "pulse-bench-naive-peer");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // small polls: the peer is slow, and the time limit is checked between polls
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        return c;
    }
}
