package vn.chibo.pulse.domain;

import java.util.Objects;

/** A refused event: the reason code and a message that says exactly what was wrong. */
public record Rejection(RejectionReason reason, String message) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    public static Rejection of(RejectionReason reason, String message) {
        return new Rejection(reason, message);
    }

    @Override
    public String toString() {
        return reason + ": " + message;
    }
}
