package vn.chibo.pulse.stack;

/** The embedded broker could not start; the message is one line fit for a person to read. */
public class KafkaStartException extends RuntimeException {
    public KafkaStartException(String message) {
        super(message);
    }

    public KafkaStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
