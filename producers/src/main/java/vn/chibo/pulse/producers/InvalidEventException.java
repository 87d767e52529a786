package vn.chibo.pulse.producers;

import vn.chibo.pulse.domain.Rejection;

/** Thrown by {@link CommunePublisher} for an event that breaks a rule of SPEC.md §2; nothing was sent. */
public class InvalidEventException extends IllegalArgumentException {
    private final transient Rejection rejection;

    public InvalidEventException(Rejection rejection) {
        super(rejection.toString());
        this.rejection = rejection;
    }

    /** The rule broken: its reason code and a message naming the field. */
    public Rejection rejection() {
        return rejection;
    }
}
