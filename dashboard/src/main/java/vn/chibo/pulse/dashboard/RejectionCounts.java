package vn.chibo.pulse.dashboard;

import java.util.Map;

/**
 * Events refused by the pipeline, counted per reason code (e.g. UNKNOWN_BRANCH), and the events held
 * back until reference data they name is known (or their wait runs out): each of those will be counted
 * or refused, so the counts are final only when {@code waitingForReference} is 0.
 */
public record RejectionCounts(Map<String, Long> byReason, long waitingForReference) {
    public RejectionCounts {
        byReason = Map.copyOf(byReason);
    }
}
