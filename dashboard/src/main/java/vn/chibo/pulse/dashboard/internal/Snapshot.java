package vn.chibo.pulse.dashboard.internal;

import java.util.List;

/**
 * What every page hears on /api/stream (and reads at /api/summary): whether the figures changed,
 * the current month, the sources' health and the rejected events. The figures themselves a page
 * reads from the level it shows (/api/province …) whenever {@code figures} moves, so one event
 * serves every page whatever unit and month it shows.
 *
 * @param figures     changes whenever PostgreSQL's figures or tree change (opaque)
 * @param lastChanged when PostgreSQL's figures last changed, or null
 * @param month       the current month in the board's time zone, YYYY-MM
 * @param reconciliation the last run of {@code ./pulse reconcile}, or null when none was recorded
 */
public record Snapshot(
        long version,
        String figures,
        String lastChanged,
        String month,
        String generatedAt,
        Sources sources,
        Rejections rejections,
        Reconciliation reconciliation) {

    /** Health of what the page reads: UP, DOWN or NOT_CONFIGURED. */
    public record Sources(String postgres, String streams) {}

    /** {@code waiting}: events held back for reference data, which may still be refused. */
    public record Rejections(long total, List<ReasonCount> byReason, long waiting) {}

    public record ReasonCount(String reason, long count) {}

    /**
     * A row of pulse_reconcile.runs (docs/reconcile.md). {@code agreed}: true every cell agreed,
     * false something differed, null no verdict (the pipeline had not caught up).
     */
    public record Reconciliation(String startedAt, String finishedAt, Boolean agreed, long differences,
                                 long cellsChecked, long eventsRead, String note) {}

    /** The same content under another version and generation time. */
    Snapshot withVersion(long newVersion, String newGeneratedAt) {
        return new Snapshot(newVersion, figures, lastChanged, month, newGeneratedAt, sources, rejections, reconciliation);
    }

    /** Whether two snapshots say the same thing (version and generation time aside). */
    boolean sameAs(Snapshot other) {
        return other != null && withVersion(0, "").equals(other.withVersion(0, ""));
    }
}
