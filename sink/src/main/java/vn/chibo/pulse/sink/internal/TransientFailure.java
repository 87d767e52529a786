package vn.chibo.pulse.sink.internal;

/** A record could not be decoded because the schema registry is out of reach: retry, do not dead-letter. */
public final class TransientFailure extends Exception {
    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
