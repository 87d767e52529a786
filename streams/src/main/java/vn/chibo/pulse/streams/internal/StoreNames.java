package vn.chibo.pulse.streams.internal;

/** Names of the app's state stores; the interactive queries read them by these names. */
public final class StoreNames {
    /** Accepted reference records by '<type>:<code>' (reference task only; validates the next one). */
    public static final String REFERENCE = "reference-store";
    /** The same, in every instance, fed by the accepted-reference topic: lookups from any partition. */
    public static final String REFERENCE_LOOKUP = "reference-lookup";
    /**
     * Accepted eventIds of reference records: an id once accepted is never applied again. (Member and
     * meeting events keep their latest ids in the member's or meeting's state, the older ones in the
     * stores below: see AcceptedEventIds.)
     */
    public static final String REFERENCE_EVENT_IDS = "reference-event-ids";
    /** Older accepted eventIds of members / meetings, keyed by entity and eventId (see AcceptedEventIds). */
    public static final String MEMBER_EVENT_IDS = "member-event-ids";
    public static final String MEETING_EVENT_IDS = "meeting-event-ids";
    /** Rejections per reason code, one store per rejecting processor; the queries add them up. */
    public static final String REFERENCE_REJECTIONS = "reference-rejections";
    public static final String MEMBER_REJECTIONS = "member-rejections";
    public static final String MEETING_REJECTIONS = "meeting-rejections";
    /** Events that wait for reference data (a branch not held yet), per member / meeting, in arrival order. */
    public static final String MEMBER_PENDING = "member-pending";
    public static final String MEETING_PENDING = "meeting-pending";
    /** Aggregate deltas held per aggregate key until the next send (see DeltaOutbox), per sending processor. */
    public static final String MEMBER_DELTAS = "member-deltas";
    public static final String MEETING_DELTAS = "meeting-deltas";
    public static final String MEMBER_STATE = "member-state";
    public static final String MEETING_STATE = "meeting-state";
    /** The branch aggregates, as sent to the compacted output topics (see {@link Aggregate}). */
    public static final String BRANCH_CURRENT = "branch-current";
    public static final String BRANCH_MONTHLY = "branch-monthly";
    public static final String BRANCH_YEARLY = "branch-yearly";
    public static final String BRANCH_TRANSFERS = "branch-transfers";

    private StoreNames() {}
}
