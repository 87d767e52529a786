package vn.chibo.pulse.sink.internal;

import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.chibo.pulse.domain.DeadLetters;
import vn.chibo.pulse.events.RejectedEvent;

/**
 * Sends the dead letters recorded in PostgreSQL to the dead-letter topic, then marks them sent
 * (an outbox). A crash between the two sends a letter twice, never zero times. The producer is
 * made on first use: most runs have no dead letter at all. A letter too large for the topic is cut to
 * fit ({@link DeadLetters#fit}): a letter the broker refuses would block every letter behind it.
 *
 * <p>It runs between batches, when letters were recorded or may have been left by a crash; a failure
 * leaves the letters safe in PostgreSQL, to be sent after a backoff while the sink goes on writing.
 */
public final class DeadLetterPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    public static final String REJECTED_BY = "sink";
    private static final int PAGE = 500;

    private final ReportingWriter writer;
    private final Supplier<Producer<String, Object>> producerFactory;
    private final IntSupplier maxBytes;
    private final String topic;
    private Producer<String, Object> producer;
    private int budget;
    private boolean pending = true; // a crash may have left letters unsent
    private long nextAttemptAt;
    private Backoff backoff;

    /**
     * @param maxBytes the bytes one letter may take (see {@link DeadLetters#budget}), asked once, with the
     *        producer
     */
    public DeadLetterPublisher(ReportingWriter writer, Supplier<Producer<String, Object>> producerFactory, IntSupplier maxBytes,
            String topic) {
        this.writer = writer;
        this.producerFactory = producerFactory;
        this.maxBytes = maxBytes;
        this.topic = topic;
    }

    /** Letters were recorded: send them at the next turn. */
    public void recorded() {
        pending = true;
        nextAttemptAt = 0;
    }

    /** Publishes what is pending, unless nothing is or the backoff after a failure has not passed. */
    public void publishIfDue(RetryPolicy retry) {
        if (!pending || System.currentTimeMillis() < nextAttemptAt) {
            return;
        }
        if (backoff == null) {
            backoff = retry.backoff();
        }
        try {
            int sent = publishPending();
            if (sent > 0) {
                log.info("published {} dead letters", sent);
            }
            pending = false;
            backoff.reset();
        } catch (Exception e) {
            if (e instanceof SQLException) {
                writer.reset();
            } else {
                writer.releasePending();
            }
            long delay = backoff.nextDelayMs();
            nextAttemptAt = System.currentTimeMillis() + delay;
            log.warn("could not publish dead letters ({}); trying again in {} ms", Failures.describe(e), delay);
        }
    }

    /** Publishes everything pending; returns how many letters went out. */
    public int publishPending() throws Exception {
        int sent = 0;
        while (true) {
            List<ReportingWriter.PendingLetter> page = writer.pendingDeadLetters(PAGE);
            if (page.isEmpty()) {
                return sent;
            }
            if (producer == null) {
                budget = maxBytes.getAsInt();
                producer = producerFactory.get();
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (ReportingWriter.PendingLetter letter : page) {
                RejectedEvent event = DeadLetters.fit(toEvent(letter), budget);
                acks.add(producer.send(new ProducerRecord<>(topic, event.getKey(), event)));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                try {
                    ack.get();
                } catch (ExecutionException e) {
                    throw new Exception("dead-letter topic " + topic + " refused a letter: " + e.getCause(), e.getCause());
                }
            }
            writer.markPublished(page.stream().map(ReportingWriter.PendingLetter::id).toList());
            sent += page.size();
        }
    }

    static RejectedEvent toEvent(ReportingWriter.PendingLetter letter) {
        return RejectedEvent.newBuilder()
                .setEventId(null)
                .setReason(letter.reason())
                .setMessage(letter.message())
                .setSourceTopic(letter.topic())
                .setSourcePartition(letter.partition())
                .setSourceOffset(letter.offset())
                .setKey(letter.key())
                .setValue(letter.value() == null ? null : ByteBuffer.wrap(letter.value()))
                .setRejectedBy(REJECTED_BY)
                .setRejectedAt(letter.rejectedAt().toInstant())
                .build();
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
