package vn.chibo.pulse.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import vn.chibo.pulse.reconcile.relations.RelationComparison;

/**
 * What one reconciliation found.
 *
 * @param caughtUp false when the pipeline had not caught up with the log by the timeout: the
 *                 comparison is shown but is no verdict
 */
public record Outcome(Instant startedAt, Instant finishedAt, Map<String, Long> eventsPerTopic, boolean caughtUp,
                      List<RelationComparison.Result> results, List<String> notes) {

    /** Exit status of ./pulse reconcile: 0 agreed, 1 something differs, 2 no verdict. */
    public static final int AGREED = 0;
    public static final int DIFFERENT = 1;
    public static final int NO_VERDICT = 2;

    public long differences() {
        return results.stream().mapToLong(RelationComparison.Result::differentCells).sum();
    }

    public long cellsChecked() {
        return results.stream().mapToLong(RelationComparison.Result::cells).sum();
    }

    public long eventsRead() {
        return eventsPerTopic.values().stream().mapToLong(Long::longValue).sum();
    }

    /** True, false, or null when there is no verdict. */
    public Boolean agreed() {
        return caughtUp ? differences() == 0 : null;
    }

    public int exitStatus() {
        Boolean agreed = agreed();
        return agreed == null ? NO_VERDICT : agreed ? AGREED : DIFFERENT;
    }
}
