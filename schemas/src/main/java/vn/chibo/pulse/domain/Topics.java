package vn.chibo.pulse.domain;

import java.util.List;

/** Kafka topic names of the pipeline: the one place they are written down. */
public final class Topics {
    /** Reference data (districts, communes, branches); one partition, so it stays in order. Key: {@code <type>:<code>}. */
    public static final String REFERENCE = "pulse.reference";
    /** Member events, keyed by memberId. */
    public static final String MEMBER_EVENTS = "pulse.member-events";
    /** Meeting events, keyed by meetingId. */
    public static final String MEETING_EVENTS = "pulse.meeting-events";
    /** Events refused by the pipeline, with their reason ({@code RejectedEvent}). */
    public static final String REJECTED = "pulse.rejected";

    /**
     * Compacted aggregate topics that the sink reads. Figures are kept per branch; communes,
     * districts and the province add up the branches they hold now (SPEC §3 v2), so only the
     * branch figures and the tree itself travel.
     */
    public static final String BRANCH_CURRENT = "pulse.branch-current";
    public static final String BRANCH_MONTHLY = "pulse.branch-monthly";
    public static final String BRANCH_YEARLY = "pulse.branch-yearly";
    public static final String BRANCH_TRANSFERS = "pulse.branch-transfers";
    public static final String DISTRICTS = "pulse.districts";
    public static final String COMMUNES = "pulse.communes";
    public static final String BRANCHES = "pulse.branches";

    /** Every compacted topic the streams app writes and the sink reads: the branch figures and the tree. */
    public static final List<String> AGGREGATES = List.of(BRANCH_CURRENT, BRANCH_MONTHLY, BRANCH_YEARLY, BRANCH_TRANSFERS,
            DISTRICTS, COMMUNES, BRANCHES);

    private Topics() {}
}
