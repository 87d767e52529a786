package vn.chibo.pulse.sink.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import vn.chibo.pulse.domain.DeadLetters;
import vn.chibo.pulse.events.RejectedEvent;

/**
 * Sends the dead letters recorded in PostgreSQL to the dead-letter topic, then marks them sent
 * (an outbox). A crash between the two sends a letter twice, never zero times. The producer is
 * made on first use: most runs have no dead letter at all. A letter too large for the topic is cut to
 * fit ({@link DeadLetters#fit}): a letter the broker refuses would block every letter behind it.
 */
public final class DeadLetterPublisher implements AutoCloseable {

    public static final String REJECTED_BY = "sink";
    private static final int PAGE = 500;

    private final ReportingWriter writer;
    private final Supplier<Producer<String, Object>> producerFactory;
    private final IntSupplier maxBytes;
    private final String topic;
    private Producer<String, Object> producer;
    private int budget;

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
