package vn.chibo.pulse.registry.client;

import java.util.Locale;
import java.util.Optional;

/**
 * The seven compatibility levels of Confluent's Schema Registry. A level says which earlier
 * versions of a subject a new schema is checked against and in which direction.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The new schema must read data written with the earlier ones. */
    public boolean checksBackward() {
        return backward;
    }

    /** Readers using the earlier schemas must read data written with the new one. */
    public boolean checksForward() {
        return forward;
    }

    /** Checked against every live version, not just the latest. */
    public boolean isTransitive() {
        return transitive;
    }

    /** Parses a level name, ignoring case as Confluent's server does. */
    public static Optional<CompatibilityLevel> forName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
