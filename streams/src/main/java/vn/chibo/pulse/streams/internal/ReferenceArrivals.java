package vn.chibo.pulse.streams.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the reference records applied to the global lookup store, and remembers the latest ones, so
 * that the processors holding events that wait for reference data retry them when something arrived,
 * and then only the events waiting for what arrived: a replay of a whole log may hold events for tens
 * of thousands of branches while the tree loads, and looking each of them up at every arrival would
 * stall the stream thread. Only a hint: missing it delays a retry, it never changes a verdict.
 */
final class ReferenceArrivals {
    /** How many of the latest arrivals are remembered (a power of two); further behind, all are looked up. */
    private static final int REMEMBERED = 1 << 16;

    private final AtomicLong version = new AtomicLong();
    private final String[] recent = new String[REMEMBERED];
    private volatile long lastArrivalMs = Long.MIN_VALUE;

    /** A reference record ({@code <type>:<code>}) was applied at this wall-clock time (the global thread's). */
    synchronized void arrived(String key, long nowMs) {
        long next = version.get() + 1;
        recent[(int) (next & (REMEMBERED - 1))] = key;
        lastArrivalMs = nowMs;
        version.set(next); // last: a version read elsewhere covers records already in the store and in recent
    }

    /**
     * The lookup store already held reference data when this instance started (restored from its
     * topic, which applies no record here): that counts as an arrival, so a branch that never comes
     * is refused a wait after the start. Until reference data has arrived or been held, nothing is.
     */
    void held(long nowMs) {
        if (lastArrivalMs == Long.MIN_VALUE) {
            lastArrivalMs = nowMs;
        }
    }

    long version() {
        return version.get();
    }

    /** When reference data last arrived (or was found held, see {@link #held}); {@code Long.MIN_VALUE} before any did. */
    long lastArrivalMs() {
        return lastArrivalMs;
    }

    /**
     * The keys of the records that arrived after version {@code since} up to version {@code until}, or
     * null when they are no longer all remembered.
     */
    synchronized List<String> arrivedBetween(long since, long until) {
        if (since < 0 || version.get() - since > REMEMBERED) {
            return null;
        }
        List<String> keys = new ArrayList<>((int) Math.max(0, until - since));
        for (long v = since + 1; v <= until; v++) {
            keys.add(recent[(int) (v & (REMEMBERED - 1))]);
        }
        return keys;
    }
}
