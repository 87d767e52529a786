package vn.chibo.pulse.producers.simulator;

import java.time.LocalDateTime;

import org.apache.avro.specific.SpecificRecord;

import vn.chibo.pulse.domain.RejectionReason;

/**
 * One event of the simulation and when it happens in simulated local time (Vietnam).
 *
 * @param expectedRejection for a deliberately invalid event, the reason the pipeline should give; else null
 */
public record SimulatedEvent(LocalDateTime at, Phase phase, SpecificRecord envelope, RejectionReason expectedRejection) {

    public enum Phase {
        /** Districts, communes and branches, before anything else. */
        REFERENCE,
        /** MemberRegistered of every member active when the system starts. */
        INITIAL_LOAD,
        /** Day-to-day traffic. */
        LIVE,
        /** A live event sent again with the same eventId, as a flaky commune link would. */
        DUPLICATE,
        /** A deliberately invalid live event (see expectedRejection). */
        INVALID
    }
}
