package vn.chibo.pulse.sink.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's one thread: poll a batch, write it with its offsets in one transaction, repeat. Its
 * parts: {@link PartitionPositions} (which partitions, from which offsets), {@link Batch} and
 * {@link ReportingWriter} (what to write and the transaction), {@link DeadLetterPublisher} (the
 * outbox of refused records) and {@link RetryPolicy} (what is retried, and how long to wait).
 *
 * <p>While PostgreSQL or the registry fails, the loop holds the batch in hand and retries it. If that
 * lasts past the group's {@code max.poll.interval.ms}, the partitions go to another sink of the name;
 * the batch is still tried, and the offsets stored with it decide: whoever wrote those records first
 * wins, the other writes nothing and repositions.
 */
public final class SinkLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(SinkLoop.class);

    /** The few timings the loop needs. */
    public record Timings(Duration pollTimeout, Duration idleCheck, Duration metadataRefresh,
                          long backoffMinMs, long backoffMaxMs) {}

    /** Schema migration, run (and retried like any database work) before the first poll. */
    @FunctionalInterface
    public interface Migration {
        void run() throws Exception;
    }

    private final Consumer<byte[], byte[]> consumer;
    private final ReportingWriter writer;
    private final AggregateDecoder decoder;
    private final DeadLetterPublisher deadLetters;
    private final HealthState health;
    private final Migration migration;
    private final Timings timings;
    private final PartitionPositions positions;
    private final RetryPolicy retry;

    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    private long lastDatabaseContact;
    private long nextKafkaCheck;
    private boolean kafkaUnreachable;
    private long nextPositioningAt;
    private final Backoff idleBackoff;
    private final Backoff positioningBackoff;

    public SinkLoop(Consumer<byte[], byte[]> consumer, ReportingWriter writer, AggregateDecoder decoder,
                    DeadLetterPublisher deadLetters, HealthState health, Migration migration, Timings timings) {
        this.consumer = consumer;
        this.writer = writer;
        this.decoder = decoder;
        this.deadLetters = deadLetters;
        this.health = health;
        this.migration = migration;
        this.timings = timings;
        this.positions = new PartitionPositions(consumer);
        this.retry = new RetryPolicy(timings.backoffMinMs(), timings.backoffMaxMs(), writer, health, closing);
        this.idleBackoff = retry.backoff();
        this.positioningBackoff = retry.backoff();
    }

    @Override
    public void run() {
        try {
            if (retry.untilDone("PostgreSQL not ready", this::migrate) == null) {
                return;
            }
            lastDatabaseContact = System.currentTimeMillis();
            positions.subscribe();
            health.running();
            while (!retry.closing()) {
                checkKafkaIfDue();
                deadLetters.publishIfDue(retry);
                positionWaitingPartitions();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(timings.pollTimeout());
                health.partitions(positions.count());
                if (records.isEmpty()) {
                    health.lag(positions.lag());
                    checkDatabaseIfIdle();
                    continue;
                }
                apply(records);
            }
        } catch (WakeupException e) {
            if (!retry.closing()) {
                health.failed("woken up while not closing: " + e);
            }
        } catch (RuntimeException | Error e) {
            log.error("the sink stopped on an error it cannot retry", e);
            health.failed(e.toString());
        } finally {
            closeQuietly(consumer);
            closeQuietly(deadLetters);
            closeQuietly(writer);
            health.stopped();
            finished.countDown();
        }
    }

    /** Asks the loop to stop after the statement in progress; a batch not committed is read again on restart. */
    public void close(Duration timeout) throws InterruptedException {
        closing.countDown();
        consumer.wakeup();
        if (!finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            // blocked on a server that does not answer: cut the connection, the transaction rolls back
            writer.abort();
            finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Boolean migrate() throws SQLException {
        try {
            migration.run();
        } catch (SQLException | FlywayException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("migration failed: " + e, e);
        }
        log.info("PostgreSQL ready");
        return Boolean.TRUE;
    }

    private void apply(ConsumerRecords<byte[], byte[]> records) {
        Batch batch = retry.untilDone("decoding a batch", () -> Batch.decode(records, decoder));
        if (batch == null) {
            return;
        }
        ReportingWriter.Outcome outcome = retry.untilDone("PostgreSQL write failed (holding a batch of " + batch.size() + ")",
                () -> writer.write(batch, positions.stored()));
        if (outcome == null) {
            return;
        }
        lastDatabaseContact = System.currentTimeMillis();
        if (outcome.fenced()) {
            // another sink of the name wrote these partitions meanwhile, or our last commit went through
            // unacknowledged: PostgreSQL holds where each stands
            Map<TopicPartition, Long> stored = retry.untilDone("PostgreSQL: reading the stored offsets failed", writer::loadOffsets);
            if (stored != null) {
                positions.repositionAll(stored);
                health.running();
            }
            return;
        }
        positions.advanced(batch.nextOffsets());
        for (AggregateDecoder.Decoded letter : outcome.deadLetters()) {
            log.warn("dead letter {}-{}@{} key {}: {}", letter.source().topic(), letter.source().partition(),
                    letter.source().offset(), letter.key(), letter.rejection());
        }
        if (!outcome.deadLetters().isEmpty()) {
            deadLetters.recorded();
        }
        health.committed(batch.size(), outcome.deadLetters().size(), positions.lag());
    }

    /**
     * Partitions just given to this sink wait, paused, for their offsets from PostgreSQL. One attempt
     * per turn: between attempts the loop goes on polling, which keeps this sink in its group.
     */
    private void positionWaitingPartitions() {
        if (!positions.waiting() || System.currentTimeMillis() < nextPositioningAt) {
            return;
        }
        try {
            positions.positionWaiting(writer.loadOffsets());
            lastDatabaseContact = System.currentTimeMillis();
            positioningBackoff.reset();
            health.running();
        } catch (SQLException e) {
            String problem = retry.failed("PostgreSQL: reading the stored offsets failed", e);
            long delay = positioningBackoff.nextDelayMs();
            nextPositioningAt = System.currentTimeMillis() + delay;
            log.warn("{} (trying again in {} ms)", problem, delay);
        }
    }

    private void checkDatabaseIfIdle() {
        long now = System.currentTimeMillis();
        if (now - lastDatabaseContact < timings.idleCheck().toMillis()) {
            return;
        }
        try {
            writer.ping(Math.max(1, (int) timings.idleCheck().toSeconds()));
            lastDatabaseContact = now;
            idleBackoff.reset();
            if (!kafkaUnreachable) {
                health.running();
            }
        } catch (SQLException e) {
            String problem = retry.failed("PostgreSQL unreachable", e);
            long delay = idleBackoff.nextDelayMs();
            log.warn("{} (checking again in {} ms)", problem, delay);
            retry.pause(delay);
        }
    }

    /**
     * A consumer in a group polls quietly while no broker answers; asking for the aggregate topics'
     * partitions now and then is what shows an unreachable Kafka in the health.
     */
    private void checkKafkaIfDue() {
        long now = System.currentTimeMillis();
        if (now < nextKafkaCheck) {
            return;
        }
        try {
            consumer.partitionsFor(Relation.topics().iterator().next(), Duration.ofSeconds(5));
        } catch (WakeupException e) {
            throw e;
        } catch (UnknownTopicOrPartitionException e) {
            // a broker answered: the streams app has not made its topics yet
        } catch (KafkaException e) {
            kafkaUnreachable = true;
            String problem = "Kafka metadata unavailable: " + e.getMessage();
            health.retrying(problem);
            long delay = idleBackoff.nextDelayMs();
            nextKafkaCheck = now + delay;
            log.warn("{} (checking again in {} ms)", problem, delay);
            return;
        }
        nextKafkaCheck = now + timings.metadataRefresh().toMillis();
        if (kafkaUnreachable) {
            kafkaUnreachable = false;
            idleBackoff.reset();
            health.running();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.debug("closing {}", c, e);
        }
    }
}
