package vn.chibo.pulse.domain;

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

    /** Compacted aggregate topics that the sink reads. */
    public static final String DISTRICT_CURRENT = "pulse.district-current";
    public static final String DISTRICT_MONTHLY = "pulse.district-monthly";
    public static final String DISTRICT_YEARLY = "pulse.district-yearly";
    public static final String DISTRICTS = "pulse.districts";

    private Topics() {}
}
