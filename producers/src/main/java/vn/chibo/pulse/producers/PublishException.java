package vn.chibo.pulse.producers;

/**
 * An event could not be sent: the broker or the schema registry refused it or could not be
 * reached within the configured timeouts. The cause is Kafka's or the serializer's own exception.
 */
public class PublishException extends RuntimeException {
    private final long failedEvents;

    public PublishException(String message, Throwable cause, long failedEvents) {
        super(message, cause);
        this.failedEvents = failedEvents;
    }

    /** How many events failed (for {@link CommunePublisher#flush()}: since the previous flush). */
    public long failedEvents() {
        return failedEvents;
    }
}
