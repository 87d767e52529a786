package vn.chibo.pulse.streams.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the reference records applied to the global lookup store, so that the processors holding
 * events that wait for reference data retry them when something arrived, and only then. Only a
 * hint: missing it delays a retry, it never changes a verdict.
 */
final class ReferenceArrivals {
    private final AtomicLong version = new AtomicLong();

    void arrived() {
        version.incrementAndGet();
    }

    long version() {
        return version.get();
    }
}
