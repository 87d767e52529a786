package vn.chibo.pulse.sink.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's one thread: poll a batch, write it with its offsets in one transaction, repeat.
 *
 * <p>Partitions are assigned by the sink itself (no consumer-group rebalancing) and positioned at
 * the offsets stored in PostgreSQL, which are the only ones it trusts; those it reports to Kafka
 * under its group id are for monitoring tools. While PostgreSQL or the registry fails, the loop
 * holds the batch in hand and retries it with capped exponential backoff; with manual assignment
 * there is no poll deadline to miss, so nothing has to be re-read or dropped.
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

    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    private Map<TopicPartition, Long> stored = new HashMap<>();
    private Set<TopicPartition> assigned = Set.of();
    private long nextMetadataRefresh;
    private long lastDatabaseContact;
    private boolean kafkaUnreachable;
    private boolean lettersPending = true; // a crash may have left letters unsent
    private Boolean writing; // null until first asked: whether this sink holds its name's lock
    private boolean lockUnknown;
    private long nextLetterAttempt;
    private long nextLagAt;
    private long lastLag = -1;
    private final Backoff idleBackoff;
    private final Backoff letterBackoff;

    public SinkLoop(Consumer<byte[], byte[]> consumer, ReportingWriter writer, AggregateDecoder decoder,
                    DeadLetterPublisher deadLetters, HealthState health, Migration migration, Timings timings) {
        this.consumer = consumer;
        this.writer = writer;
        this.decoder = decoder;
        this.deadLetters = deadLetters;
        this.health = health;
        this.migration = migration;
        this.timings = timings;
        this.idleBackoff = backoff();
        this.letterBackoff = backoff();
    }

    @Override
    public void run() {
        try {
            if (!prepareDatabase()) {
                return;
            }
            health.running();
            while (!isClosing()) {
                refreshAssignmentIfDue();
                if (!writes()) {
                    pause(timings.pollTimeout().toMillis());
                    continue;
                }
                publishDeadLettersIfDue();
                if (assigned.isEmpty()) {
                    pause(timings.pollTimeout().toMillis());
                    continue;
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(timings.pollTimeout());
                if (records.isEmpty()) {
                    health.lag(lag());
                    checkDatabaseIfIdle();
                    continue;
                }
                apply(records);
            }
        } catch (WakeupException e) {
            if (!isClosing()) {
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

    // ------------------------------------------------------------------ database

    private boolean prepareDatabase() {
        Backoff backoff = backoff();
        while (!isClosing()) {
            try {
                migration.run();
                stored = new HashMap<>(writer.loadOffsets());
                lastDatabaseContact = System.currentTimeMillis();
                log.info("PostgreSQL ready; stored offsets: {}", stored);
                return true;
            } catch (SQLException | FlywayException e) {
                writer.reset();
                String problem = "PostgreSQL not ready: " + Failures.describe(e);
                health.retrying(problem);
                long delay = backoff.nextDelayMs();
                log.warn("{} (retrying in {} ms)", problem, delay);
                pause(delay);
            } catch (Exception e) {
                throw new IllegalStateException("migration failed: " + e, e);
            }
        }
        return false;
    }

    private void apply(ConsumerRecords<byte[], byte[]> records) {
        Batch batch = decode(records);
        if (batch == null) {
            return;
        }
        Backoff backoff = backoff();
        while (!isClosing()) {
            try {
                ReportingWriter.Outcome outcome = writer.write(batch, stored);
                lastDatabaseContact = System.currentTimeMillis();
                if (outcome.fenced()) {
                    // our last commit may have gone through unacknowledged, or another sink wrote: trust PostgreSQL
                    reloadOffsetsAndSeek();
                    health.running();
                    return;
                }
                stored.putAll(batch.nextOffsets());
                for (AggregateDecoder.Decoded letter : outcome.deadLetters()) {
                    log.warn("dead letter {}-{}@{} key {}: {}", letter.source().topic(), letter.source().partition(),
                            letter.source().offset(), letter.key(), letter.rejection());
                }
                if (!outcome.deadLetters().isEmpty()) {
                    lettersPending = true;
                    nextLetterAttempt = 0;
                }
                health.committed(batch.size(), outcome.deadLetters().size(), lag());
                reportOffsetsToKafka(batch.nextOffsets());
                return;
            } catch (SQLException e) {
                writer.reset();
                String problem = "PostgreSQL write failed: " + Failures.describe(e);
                health.retrying(problem);
                long delay = backoff.nextDelayMs();
                log.warn("{}; holding a batch of {} and retrying in {} ms", problem, batch.size(), delay);
                pause(delay);
            }
        }
    }

    /**
     * Whether this sink is the one of its name that writes. Sinks of one name that all wrote would
     * fence each other batch after batch (each reloading its offsets and reading again); so one
     * writes and the others wait for its lock, taking over at the offsets it stored.
     */
    private boolean writes() {
        boolean was = Boolean.TRUE.equals(writing);
        boolean now;
        try {
            now = writer.holdWriterLock();
            if (lockUnknown) {
                lockUnknown = false;
                health.running();
            }
        } catch (SQLException e) {
            writer.reset();
            health.retrying("PostgreSQL: " + Failures.describe(e));
            lockUnknown = true;
            now = false;
        }
        if (now && !was) {
            log.info("this sink writes (it holds the lock of its name)");
            reloadOffsetsAndSeek();
        } else if (!now && (writing == null || was)) {
            log.info("another sink of this name writes; this one waits to take over");
        }
        writing = now;
        health.writing(now);
        return now;
    }

    private Batch decode(ConsumerRecords<byte[], byte[]> records) {
        Backoff backoff = backoff();
        while (!isClosing()) {
            try {
                return Batch.decode(records, decoder);
            } catch (TransientFailure e) {
                health.retrying(e.getMessage());
                long delay = backoff.nextDelayMs();
                log.warn("{}; retrying in {} ms", e.getMessage(), delay);
                pause(delay);
            }
        }
        return null;
    }

    private void reloadOffsetsAndSeek() {
        Backoff backoff = backoff();
        while (!isClosing()) {
            try {
                stored = new HashMap<>(writer.loadOffsets());
                seekToStored(assigned);
                return;
            } catch (SQLException e) {
                writer.reset();
                health.retrying("PostgreSQL: " + Failures.describe(e));
                pause(backoff.nextDelayMs());
            }
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
            writer.reset();
            String problem = "PostgreSQL unreachable: " + Failures.describe(e);
            health.retrying(problem);
            long delay = idleBackoff.nextDelayMs();
            log.warn("{} (checking again in {} ms)", problem, delay);
            pause(delay);
        }
    }

    private void publishDeadLettersIfDue() {
        if (!lettersPending || System.currentTimeMillis() < nextLetterAttempt) {
            return;
        }
        try {
            int sent = deadLetters.publishPending();
            if (sent > 0) {
                log.info("published {} dead letters", sent);
            }
            lettersPending = false;
            letterBackoff.reset();
        } catch (Exception e) {
            // the letters are safe in pulse_sink.dead_letters; keep consuming and send them later
            if (e instanceof SQLException) {
                writer.reset();
            }
            long delay = letterBackoff.nextDelayMs();
            nextLetterAttempt = System.currentTimeMillis() + delay;
            log.warn("could not publish dead letters ({}); trying again in {} ms", Failures.describe(e), delay);
        }
    }

    // ------------------------------------------------------------------ Kafka

    private void refreshAssignmentIfDue() {
        long now = System.currentTimeMillis();
        if (now < nextMetadataRefresh) {
            return;
        }
        Set<TopicPartition> found = new HashSet<>();
        try {
            for (String topic : Relation.topics()) {
                List<PartitionInfo> partitions;
                try {
                    partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                } catch (UnknownTopicOrPartitionException e) {
                    partitions = List.of();
                }
                if (partitions != null) {
                    partitions.forEach(p -> found.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            kafkaUnreachable = true;
            String problem = "Kafka metadata unavailable: " + e.getMessage();
            health.retrying(problem);
            long delay = idleBackoff.nextDelayMs();
            nextMetadataRefresh = now + delay;
            log.warn("{} (retrying in {} ms)", problem, delay);
            return;
        }
        nextMetadataRefresh = now + timings.metadataRefresh().toMillis();
        if (kafkaUnreachable) {
            kafkaUnreachable = false;
            idleBackoff.reset();
            health.running();
        }
        if (!found.equals(assigned)) {
            consumer.assign(found);
            assigned = Set.copyOf(found);
            seekToStored(assigned);
            if (found.size() < Relation.topics().size()) {
                log.info("some aggregate topics do not exist yet; assigned {}", found);
            }
        }
    }

    private void seekToStored(Set<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            Long offset = stored.get(tp);
            if (offset == null) {
                log.info("reading {} from the beginning", tp);
                consumer.seekToBeginning(List.of(tp));
            } else {
                log.info("resuming {} at offset {}", tp, offset);
                consumer.seek(tp, offset);
            }
        }
    }

    private void reportOffsetsToKafka(Map<TopicPartition, Long> next) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
        consumer.commitAsync(offsets, (committed, failure) -> {
            if (failure != null) {
                log.debug("reporting offsets to Kafka failed (PostgreSQL holds the real ones)", failure);
            }
        });
    }

    private long lag() {
        // currentLag asks the broker when it does not know; once a second is plenty for health
        long now = System.currentTimeMillis();
        if (now < nextLagAt) {
            return lastLag;
        }
        nextLagAt = now + 1_000;
        long total = 0;
        boolean known = false;
        for (TopicPartition tp : assigned) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent()) {
                total += lag.getAsLong();
                known = true;
            }
        }
        lastLag = known ? total : -1;
        return lastLag;
    }

    // ------------------------------------------------------------------ plumbing

    private Backoff backoff() {
        return new Backoff(timings.backoffMinMs(), timings.backoffMaxMs());
    }

    private boolean isClosing() {
        return closing.getCount() == 0;
    }

    private void pause(long millis) {
        try {
            closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing.countDown();
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
