package vn.chibo.pulse.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import vn.chibo.pulse.aggregates.DistrictName;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.BranchKind;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.Grade;
import vn.chibo.pulse.events.LeaveReason;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.events.ReferenceEvent;
import vn.chibo.pulse.events.RejectedEvent;

/**
 * Every rule of SPEC §2 that reaches the app: the event goes to pulse.rejected with its reason,
 * is counted per reason in the rejection stores, changes no aggregate, and the pipeline goes on.
 */
class RejectionRulesTest extends OnTheSmallProvince {
    @BeforeEach
    void twoMembers() {
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.registered("M2", "B3", MemberStatus.PROBATIONARY, "2020-01-01"));
    }

    /** Sends the event and checks it is refused for this reason, with nothing else changed. */
    private RejectedEvent assertRejected(Object envelope, String reason) {
        return assertRejected(envelope, reason, false);
    }

    /**
     * The same for an event naming a branch the reference data does not hold: it first waits for the
     * branch ({@code reference.wait.ms}), and is refused once the wait is over.
     */
    private RejectedEvent assertRejectedOnceTheWaitIsOver(Object envelope, String reason) {
        return assertRejected(envelope, reason, true);
    }

    private RejectedEvent assertRejected(Object envelope, String reason, boolean waitsForReference) {
        Snapshot before = new Snapshot();
        long countBefore = d.rejectionCount(reason);
        int rejectedBefore = d.rejected.size();
        d.send(envelope);
        if (waitsForReference) {
            d.advance(d.referenceWait.minusSeconds(1));
            assertThat(d.rejected).as("not refused before the wait is over").hasSize(rejectedBefore);
            d.advance(Duration.ofSeconds(2));
        }

        assertThat(d.rejected).hasSize(rejectedBefore + 1);
        RejectedEvent r = d.lastRejection();
        assertThat(r.getReason()).isEqualTo(reason);
        assertThat(r.getRejectedBy()).isEqualTo("streams");
        assertThat(r.getMessage()).isNotBlank();
        assertThat(d.rejectionCount(reason)).isEqualTo(countBefore + 1);
        assertThat(new Snapshot()).as("aggregates and member state after a refused event").isEqualTo(before);
        return r;
    }

    /** Everything a refused event must leave alone. */
    private final class Snapshot {
        final Map<String, Object> values = new HashMap<>();

        Snapshot() {
            values.put("current", new HashMap<>(d.current));
            values.put("monthly", new HashMap<>(d.monthly));
            values.put("yearly", new HashMap<>(d.yearly));
            values.put("M1", d.member("M1"));
            values.put("M2", d.member("M2"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && s.values.equals(values);
        }

        @Override
        public int hashCode() {
            return values.hashCode();
        }

        @Override
        public String toString() {
            return values.toString();
        }
    }

    // --- stateful rules

    @Test
    void communeOfUnknownDistrictIsRejected() {
        assertRejected(new ReferenceEvent(d.nextId(), new Commune("C9", "Xã Chín", "D9")), "UNKNOWN_DISTRICT");
        assertThat(d.store(StoreNames.REFERENCE).get("Commune:C9")).isNull();
        assertThat(d.store(StoreNames.REFERENCE_LOOKUP).get("Commune:C9")).isNull();
    }

    @Test
    void branchOfUnknownCommuneIsRejected() {
        assertRejected(d.branch("B9", "C9", BranchKind.VILLAGE), "UNKNOWN_COMMUNE");
        assertThat(d.store(StoreNames.REFERENCE_LOOKUP).get("Branch:B9")).isNull();
        assertThat(d.current("D1").getBranchesVillage()).isEqualTo(1);
    }

    @Test
    void memberOfUnknownBranchIsRejected() {
        assertRejectedOnceTheWaitIsOver(d.admitted("M3", "B9", "2025-03-01"), "UNKNOWN_BRANCH");
        assertRejectedOnceTheWaitIsOver(d.transferred("M1", "B1", "B9", null, "2025-03-01"), "UNKNOWN_BRANCH");
        assertThat(d.member("M3")).isNull();
    }

    @Test
    void meetingOfUnknownBranchIsRejected() {
        assertRejectedOnceTheWaitIsOver(d.regular("MT1", "B9", "2025-03-05", 1), "UNKNOWN_BRANCH");
        assertThat(d.meeting("MT1")).isNull();
    }

    @Test
    void admissionOrRegistrationOfAnActiveMemberIsRejected() {
        assertRejected(d.admitted("M1", "B2", "2025-03-01"), "MEMBER_ALREADY_ACTIVE");
        assertRejected(d.registered("M2", "B2", MemberStatus.OFFICIAL, "2025-03-01"), "MEMBER_ALREADY_ACTIVE");
    }

    @Test
    void eventsNeedingAnActiveMemberAreRejectedForOthers() {
        d.send(d.left("M2", LeaveReason.DECEASED, "2025-03-01"));
        assertRejected(d.confirmed("M2", "2025-04-01"), "MEMBER_NOT_ACTIVE");
        assertRejected(d.left("M2", LeaveReason.REMOVED, "2025-04-01"), "MEMBER_NOT_ACTIVE");
        assertRejected(d.classified("M2", 2025, Grade.GOOD), "MEMBER_NOT_ACTIVE");
        assertRejected(d.transferred("M2", "B3", "B4", null, "2025-04-01"), "MEMBER_NOT_ACTIVE");
        assertRejected(d.confirmed("M404", "2025-04-01"), "MEMBER_NOT_ACTIVE");
    }

    @Test
    void exemptionOfAMemberAlreadyExemptIsRejected() {
        d.send(d.exempted("M1", "2025-03-01"));
        assertRejected(d.exempted("M1", "2025-04-01"), "MEMBER_ALREADY_EXEMPT");
    }

    @Test
    void exemptionOfAMemberWhoIsNotActiveIsRejected() {
        d.send(d.left("M2", LeaveReason.DECEASED, "2025-03-01"));
        assertRejected(d.exempted("M2", "2025-04-01"), "MEMBER_NOT_ACTIVE");
    }

    @Test
    void endOfAnExemptionThatIsNotThereIsRejected() {
        assertRejected(d.exemptionEnded("M1", "2025-04-01"), "MEMBER_NOT_EXEMPT");
    }

    @Test
    void exemptionEndsWhenTheMemberLeavesSoItCannotBeEndedAgain() {
        d.send(d.exempted("M1", "2025-03-01"));
        d.send(d.left("M1", LeaveReason.DECEASED, "2025-03-15"));
        assertRejected(d.exemptionEnded("M1", "2025-04-01"), "MEMBER_NOT_EXEMPT");
    }

    @Test
    void confirmationOfAnOfficialMemberIsRejected() {
        assertRejected(d.confirmed("M1", "2025-04-01"), "MEMBER_ALREADY_OFFICIAL");
    }

    @Test
    void transferFromAnotherBranchThanTheMembersIsRejected() {
        assertRejected(d.transferred("M1", "B2", "B3", null, "2025-04-01"), "TRANSFER_FROM_WRONG_BRANCH");
        assertThat(d.member("M1").getBranchId()).isEqualTo("B1");
    }

    @Test
    void transferFromOutsideTheProvinceOfAnActiveMemberIsRejected() {
        assertRejected(d.transferred("M1", null, "B3", MemberStatus.OFFICIAL, "2025-04-01"), "TRANSFER_IN_OF_ACTIVE_MEMBER");
    }

    // --- stateless rules, checked again by the app

    @Test
    void dateAfterTomorrowIsRejected() {
        // Record time 2025-06-15T03:00Z is 10:00 on 2025-06-15 in Vietnam: tomorrow is the 16th.
        d.send(d.admitted("M3", "B1", "2025-06-16"));
        assertThat(d.member("M3").getActive()).isTrue();
        assertRejected(d.admitted("M4", "B1", "2025-06-17"), "DATE_OUT_OF_RANGE");
    }

    @Test
    void dateBeforeThePartysFoundingIsRejected() {
        assertRejected(d.left("M1", LeaveReason.DECEASED, "1930-02-02"), "DATE_OUT_OF_RANGE");
    }

    @Test
    void todayIsTheRecordTimeInVietnam() {
        d.time = Instant.parse("2025-06-15T18:00:00Z"); // already 01:00 on the 16th in Vietnam
        d.send(d.admitted("M3", "B1", "2025-06-17"));
        assertThat(d.member("M3").getActive()).isTrue();
    }

    @Test
    void yearAfterNextYearIsRejected() {
        d.send(d.classified("M1", 2026, Grade.GOOD));
        assertRejected(d.classified("M1", 2027, Grade.GOOD), "YEAR_OUT_OF_RANGE");
        assertRejected(d.classified("M1", 1929, Grade.GOOD), "YEAR_OUT_OF_RANGE");
    }

    @Test
    void idLongerThan64CharactersIsRejected() {
        String longId = "x".repeat(65);
        assertRejected(new MemberEvent(longId, d.admitted("M3", "B1", "2025-03-01").getPayload()), "TOO_LONG");
        assertRejected(d.admitted("M".repeat(65), "B1", "2025-03-01"), "TOO_LONG");
    }

    @Test
    void revisionBelowOneIsRejected() {
        assertRejected(d.regular("MT1", "B1", "2025-03-05", 0), "INVALID_REVISION");
        assertRejected(d.retracted("MT1", 0), "INVALID_REVISION");
    }

    @Test
    void membersExpectedBelowOneIsRejected() {
        assertRejected(d.meeting("MT1", "B1", "2025-03-05", MeetingKind.REGULAR, 1, 0, 0, List.of(), false, false),
                "MEMBERS_EXPECTED_TOO_LOW");
    }

    @Test
    void negativeMembersPresentIsRejected() {
        assertRejected(d.meeting("MT1", "B1", "2025-03-05", MeetingKind.REGULAR, 1, 5, -1, List.of(), false, false),
                "MEMBERS_PRESENT_NEGATIVE");
    }

    @Test
    void moreMembersPresentThanExpectedIsRejected() {
        assertRejected(d.meeting("MT1", "B1", "2025-03-05", MeetingKind.REGULAR, 1, 5, 6, List.of(), false, false),
                "MEMBERS_PRESENT_ABOVE_EXPECTED");
    }

    @Test
    void absenteeListedTwiceIsRejected() {
        assertRejected(d.meeting("MT1", "B1", "2025-03-05", MeetingKind.REGULAR, 1, 5, 2, List.of("M1", "M1"), false, false),
                "DUPLICATE_ABSENTEE");
    }

    @Test
    void moreAbsenteesThanMissingMembersIsRejected() {
        assertRejected(d.meeting("MT1", "B1", "2025-03-05", MeetingKind.REGULAR, 1, 5, 4, List.of("M1", "M2"), false, false),
                "TOO_MANY_ABSENTEES");
    }

    @Test
    void transferWithoutAnyBranchIsRejected() {
        assertRejected(d.transferred("M1", null, null, MemberStatus.OFFICIAL, "2025-04-01"), "TRANSFER_WITHOUT_BRANCH");
    }

    @Test
    void transferFromOutsideWithoutStatusIsRejected() {
        assertRejected(d.transferred("M3", null, "B1", null, "2025-04-01"), "TRANSFER_IN_WITHOUT_STATUS");
    }

    // --- records the app cannot read

    @Test
    void undeserializableRecordIsRejectedWithItsBytesAndThePipelineGoesOn() {
        byte[] garbage = "{\"type\":\"MemberAdmitted\"}".getBytes(StandardCharsets.UTF_8);
        Snapshot before = new Snapshot();
        d.sendRaw(Topics.MEMBER_EVENTS, "M7", garbage);

        RejectedEvent r = d.lastRejection();
        assertThat(r.getReason()).isEqualTo("UNDESERIALIZABLE");
        assertThat(r.getEventId()).isNull();
        assertThat(r.getKey()).isEqualTo("M7");
        assertThat(r.getValue().array()).isEqualTo(garbage);
        assertThat(r.getSourceTopic()).isEqualTo(Topics.MEMBER_EVENTS);
        assertThat(d.rejectionCount("UNDESERIALIZABLE")).isEqualTo(1);
        assertThat(new Snapshot()).isEqualTo(before);

        d.send(d.admitted("M7", "B1", "2025-03-01"));
        assertThat(d.month("D1", "2025-03").getAdmissions()).isEqualTo(1);
    }

    @Test
    void recordWithUnknownSchemaIdOrNoValueIsUndeserializable() {
        d.sendRaw(Topics.MEETING_EVENTS, "MT1", new byte[] {0, 0, 0, 0x7f, 0x7f, 1, 2, 3});
        assertThat(d.lastRejection().getReason()).isEqualTo("UNDESERIALIZABLE");
        d.sendRaw(Topics.REFERENCE, "District:D7", null);
        assertThat(d.lastRejection().getReason()).isEqualTo("UNDESERIALIZABLE");
        assertThat(d.rejectionCount("UNDESERIALIZABLE")).isEqualTo(2);
    }

    @Test
    void recordOfAnotherTypeOnAnEventTopicIsAnUnknownType() {
        byte[] districtName = d.serialize(Topics.DISTRICTS, new DistrictName("D1", "Huyện Đức Thọ"));
        d.sendRaw(Topics.MEMBER_EVENTS, "M1", districtName);

        assertThat(d.lastRejection().getReason()).isEqualTo("UNKNOWN_TYPE");
        assertThat(d.rejectionCount("UNKNOWN_TYPE")).isEqualTo(1);
    }

    @Test
    void rejectedRecordCarriesSourceAndReasonInHeadersAndValue() {
        MeetingEvent bad = d.meeting("MT1", "B1", "2025-03-05", MeetingKind.REGULAR, 1, 5, 6, List.of(), false, false);
        byte[] bytes = d.serialize(Topics.MEETING_EVENTS, bad);
        d.send(bad);

        TestRecord<String, Object> record = d.rejected.get(d.rejected.size() - 1);
        RejectedEvent r = (RejectedEvent) record.value();
        assertThat(record.key()).isEqualTo("MT1");
        assertThat(r.getEventId()).isEqualTo(bad.getEventId());
        assertThat(r.getKey()).isEqualTo("MT1");
        assertThat(r.getValue().array()).isEqualTo(bytes);
        assertThat(r.getSourceTopic()).isEqualTo(Topics.MEETING_EVENTS);
        assertThat(r.getSourcePartition()).isZero();
        assertThat(r.getSourceOffset()).isZero();
        assertThat(header(record, Rejections.REASON_HEADER)).isEqualTo("MEMBERS_PRESENT_ABOVE_EXPECTED");
        assertThat(header(record, Rejections.MESSAGE_HEADER)).isEqualTo(r.getMessage());
        assertThat(header(record, Rejections.SOURCE_HEADER)).isEqualTo("pulse.meeting-events-0@0");
        assertThat(header(record, Rejections.REJECTED_BY_HEADER)).isEqualTo("streams");
    }

    @Test
    void rejectionsAreCountedPerReason() {
        d.send(d.confirmed("M1", "2025-04-01"));
        d.send(d.confirmed("M1", "2025-04-02"));
        d.send(d.admitted("M1", "B1", "2025-04-02"));

        assertThat(d.rejectionCount("MEMBER_ALREADY_OFFICIAL")).isEqualTo(2);
        assertThat(d.rejectionCount("MEMBER_ALREADY_ACTIVE")).isEqualTo(1);
        assertThat(d.rejectionCount("UNKNOWN_BRANCH")).isZero();
    }

    private static String header(TestRecord<String, Object> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

}
