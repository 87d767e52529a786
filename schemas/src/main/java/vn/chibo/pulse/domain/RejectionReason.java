package vn.chibo.pulse.domain;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Why an event is refused (SPEC.md §2). The code names travel in {@code RejectedEvent.reason}
 * and in publish's error lines, so they are part of the public contract: add, never rename.
 */
public enum RejectionReason {
    // --- decided by the event alone (publish, the publishing library and the streams app) ---
    INVALID_JSON("the line is not valid JSON"),
    UNKNOWN_TYPE("unknown event type"),
    MISSING_FIELD("a required field is missing"),
    WRONG_TYPE("a field has the wrong type"),
    INVALID_ENUM("a field holds a value that is not allowed"),
    TOO_LONG("an id, code or eventId is longer than 64 characters"),
    DATE_OUT_OF_RANGE("a date is before 1930-02-03 or after tomorrow"),
    YEAR_OUT_OF_RANGE("a year is before 1930 or after next year"),
    INVALID_REVISION("revision is below 1"),
    MEMBERS_EXPECTED_TOO_LOW("membersExpected is below 1"),
    MEMBERS_PRESENT_NEGATIVE("membersPresent is below 0"),
    MEMBERS_PRESENT_ABOVE_EXPECTED("membersPresent is above membersExpected"),
    DUPLICATE_ABSENTEE("absentUnexcused lists a member twice"),
    TOO_MANY_ABSENTEES("absentUnexcused lists more members than membersExpected - membersPresent"),
    UNKNOWN_FIELD("a field that the event's type does not define (SPEC v2: a misspelt field must not change the meaning silently)"),
    EMPTY_ID("an id, code or eventId is empty"),
    NATIONAL_ID_NUMBER("a memberId has the shape of a national identity number (exactly 9 or 12 digits)"),
    INVALID_TEXT("a text holds a control character or a lone surrogate"),
    QUALITY_SCORE_OUT_OF_RANGE("qualityScore is outside 0-100"),
    TRANSFER_WITHOUT_BRANCH("a transfer has both fromBranchId and toBranchId null"),
    TRANSFER_IN_WITHOUT_STATUS("a transfer from outside the province has no status"),
    UNDESERIALIZABLE("the record could not be decoded"),

    // --- decided against the pipeline's state (the streams app) ---
    UNKNOWN_DISTRICT("names a district the reference data does not hold"),
    UNKNOWN_COMMUNE("names a commune the reference data does not hold"),
    UNKNOWN_BRANCH("names a branch the reference data does not hold"),
    MEMBER_ALREADY_ACTIVE("MemberAdmitted or MemberRegistered for a member who is active"),
    MEMBER_NOT_ACTIVE("the event needs an active member and this one is not"),
    MEMBER_ALREADY_OFFICIAL("MemberConfirmed for a member already OFFICIAL"),
    TRANSFER_FROM_WRONG_BRANCH("fromBranchId is not the member's current branch"),
    TRANSFER_IN_OF_ACTIVE_MEMBER("a transfer from outside the province for a member who is active"),
    MEMBER_ALREADY_EXEMPT("MemberExempted for a member who is already exempt"),
    MEMBER_NOT_EXEMPT("MemberExemptionEnded for a member who is not exempt"),
    MISSING_KEY("the record has no key (publishers key an event by its member, meeting or unit)"),
    KEY_MISMATCH("the record key does not name the entity of its event"),
    PROCESSING_FAILED("the pipeline failed on this record; it was set aside so that the rest goes on"),

    // --- decided by the PostgreSQL sink ---
    KEY_DOES_NOT_MATCH_VALUE("the record key does not name the row its value describes"),
    REFUSED_BY_DATABASE("PostgreSQL refused the row as bad data (a data error or a constraint violation)");

    /**
     * The reasons an event can be refused for by itself, without the pipeline's state: what
     * {@code publish}, the publishing library and {@link EventRules}/{@link EventJson} decide
     * (UNDESERIALIZABLE, for records that are not Avro at all, is the streams app's).
     */
    public static final Set<RejectionReason> DECIDED_BY_EVENT_ALONE =
            Collections.unmodifiableSet(EnumSet.range(INVALID_JSON, TRANSFER_IN_WITHOUT_STATUS));

    private final String description;

    RejectionReason(String description) {
        this.description = description;
    }

    /** One sentence for operators, in English. */
    public String description() {
        return description;
    }
}
