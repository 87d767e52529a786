package vn.chibo.pulse.sink.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with a cap: min, 2·min, 4·min … up to max, each wait drawn between half
 * and all of it so that several sinks do not hammer a recovering server in step.
 */
public final class Backoff {

    private final long minMs;
    private final long maxMs;
    private int failures;

    public Backoff(long minMs, long maxMs) {
        if (minMs < 1 || maxMs < minMs) {
            throw new IllegalArgumentException("need 1 <= min <= max, got " + minMs + ", " + maxMs);
        }
        this.minMs = minMs;
        this.maxMs = maxMs;
    }

    /** The ceiling of the next wait, before jitter. */
    public long ceilingMs() {
        long ceiling = minMs;
        for (int i = 0; i < failures && ceiling < maxMs; i++) {
            ceiling *= 2;
        }
        return Math.min(maxMs, ceiling);
    }

    /** Counts one more failure and says how long to wait before the next attempt. */
    public long nextDelayMs() {
        long ceiling = ceilingMs();
        failures++;
        long half = ceiling / 2;
        return Math.max(1, half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    /** Failures counted since the last success. */
    public int failures() {
        return failures;
    }

    public void reset() {
        failures = 0;
    }
}
