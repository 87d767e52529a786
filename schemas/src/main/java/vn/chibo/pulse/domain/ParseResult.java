package vn.chibo.pulse.domain;

import java.util.Objects;
import java.util.Optional;

/** What {@link EventJson#parse} made of one line: a {@link ParsedEvent} or a {@link Rejection}, never both. */
public final class ParseResult {
    private final ParsedEvent event;
    private final Rejection rejection;

    private ParseResult(ParsedEvent event, Rejection rejection) {
        this.event = event;
        this.rejection = rejection;
    }

    public static ParseResult accepted(ParsedEvent event) {
        return new ParseResult(Objects.requireNonNull(event, "event"), null);
    }

    public static ParseResult rejected(Rejection rejection) {
        return new ParseResult(null, Objects.requireNonNull(rejection, "rejection"));
    }

    public boolean isAccepted() {
        return event != null;
    }

    /** @throws IllegalStateException if the line was rejected */
    public ParsedEvent event() {
        if (event == null) {
            throw new IllegalStateException("rejected: " + rejection);
        }
        return event;
    }

    /** @throws IllegalStateException if the line was accepted */
    public Rejection rejection() {
        if (rejection == null) {
            throw new IllegalStateException("not rejected");
        }
        return rejection;
    }

    public Optional<ParsedEvent> asEvent() {
        return Optional.ofNullable(event);
    }

    public Optional<Rejection> asRejection() {
        return Optional.ofNullable(rejection);
    }

    @Override
    public String toString() {
        return event != null ? "accepted " + event : "rejected " + rejection;
    }
}
