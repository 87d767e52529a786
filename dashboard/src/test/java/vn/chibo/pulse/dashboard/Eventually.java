package vn.chibo.pulse.dashboard;

import java.time.Duration;
import java.time.Instant;

/** Waits for a condition the system reaches on its own, with a deadline. */
final class Eventually {

    interface Probe<T> {
        /** The value once reached, or null to try again. */
        T get() throws Exception;
    }

    private Eventually() {}

    static <T> T get(Probe<T> probe) throws Exception {
        return get(Duration.ofSeconds(15), probe);
    }

    static <T> T get(Duration timeout, Probe<T> probe) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Throwable last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (Exception | AssertionError e) {
                // not there yet (e.g. the streams app answers 503 while it restores)
                last = e;
            }
            Thread.sleep(50);
        }
        AssertionError error = new AssertionError("not reached within " + timeout);
        if (last != null) {
            error.initCause(last);
        }
        throw error;
    }
}
