package vn.chibo.pulse.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.BranchKind;
import vn.chibo.pulse.events.Grade;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.events.RejectedEvent;
import vn.chibo.pulse.streams.internal.model.PendingEvents;

/**
 * Reference data is loaded first (SPEC §2), but it reaches the app's lookup later than the events
 * published right behind it may be read. An event naming a branch the lookup does not hold yet waits
 * for it (later events of its member or meeting queue behind it), and is refused as UNKNOWN_BRANCH
 * only when the branch has not come within {@code reference.wait.ms}.
 */
class WaitForReferenceDataTest extends OnTheSmallProvince {
    /** One punctuation: far less than the wait, so what happens then is the arrival's doing. */
    private static final Duration RETRY = EventProcessor.RETRY_INTERVAL;

    @Test
    void memberEventArrivingBeforeItsBranchWaitsForIt() {
        d.send(d.registered("M1", "B9", MemberStatus.OFFICIAL, "2020-01-01"));
        d.advance(Duration.ofSeconds(5));

        assertThat(d.rejected).as("not refused while it may still come").isEmpty();
        assertThat(d.member("M1")).isNull();
        assertThat(d.pending(StoreNames.MEMBER_PENDING, "M1")).hasSize(1);

        d.send(d.branch("B9", "C3", BranchKind.STREET_GROUP));
        d.advance(RETRY);

        assertThat(d.rejected).isEmpty();
        assertThat(d.member("M1").getBranchId()).isEqualTo("B9");
        assertThat(d.current("D2").getMembersActive()).isEqualTo(1);
        assertThat(d.current("D2").getMembersStreetGroup()).isEqualTo(1);
        assertThat(d.current("D2").getBranchesStreetGroup()).isEqualTo(1);
        assertThat(d.pending(StoreNames.MEMBER_PENDING, "M1")).isEmpty();
        assertThat(pendingKeys(StoreNames.MEMBER_PENDING)).isZero();
    }

    @Test
    void nothingIsRefusedWhileReferenceDataStillArrives() {
        d.send(d.registered("M1", "B9", MemberStatus.OFFICIAL, "2020-01-01"));
        // the tree keeps loading (as in a replay of a whole log on a busy machine) for twice the wait
        for (int i = 0; i < 4; i++) {
            d.advance(d.referenceWait.dividedBy(2));
            d.send(d.commune("CX" + i, "D1"));
        }
        assertThat(d.rejected).as("refused while reference data arrived").isEmpty();

        d.send(d.branch("B9", "C1", BranchKind.VILLAGE));
        d.advance(RETRY);
        assertThat(d.current("D1").getMembersActive()).isEqualTo(1);
    }

    @Test
    void aFreshAppRefusesNothingBeforeTheTreeFirstArrivesHoweverLongThatTakes() {
        // a replay of a whole log: events are read before the reference task's first commit shows the tree
        d.close();
        d = new PulseDriver();
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        d.advance(d.referenceWait.multipliedBy(3));
        assertThat(d.rejected).as("refused before any reference data arrived").isEmpty();

        d.withProvince();
        d.advance(RETRY);
        assertThat(d.rejected).isEmpty();
        assertThat(d.current("D1").getMembersActive()).isEqualTo(1);
    }

    @Test
    void anUnknownBranchIsRefusedOnceTheReferenceDataHasBeenQuietForTheWait() {
        d.send(d.registered("M1", "B9", MemberStatus.OFFICIAL, "2020-01-01"));
        d.advance(d.referenceWait.dividedBy(2));
        d.send(d.commune("CX", "D1"));
        d.advance(d.referenceWait.dividedBy(2).plusSeconds(1));
        assertThat(d.rejected).as("waited its own time, but the tree arrived half a wait ago").isEmpty();

        d.advance(d.referenceWait.dividedBy(2));
        assertThat(d.lastRejection().getReason()).isEqualTo("UNKNOWN_BRANCH");
    }

    @Test
    void laterEventsOfAParkedMemberKeepTheirOrder() {
        MemberEvent admission = d.admitted("M1", "B9", "2025-01-10");
        d.send(admission);
        d.send(admission); // a resend while the first still waits: dropped once the first is applied
        d.send(d.confirmed("M1", "2025-02-10"));
        d.send(d.classified("M1", 2024, Grade.EXCELLENT));
        d.send(d.transferred("M1", "B9", "B1", null, "2025-03-10"));
        d.send(d.classified("M1", 2025, Grade.GOOD));
        d.send(d.registered("M2", "B2", MemberStatus.OFFICIAL, "2020-01-01"));

        assertThat(d.pending(StoreNames.MEMBER_PENDING, "M1")).as("all of M1 queues behind its admission").hasSize(6);
        assertThat(d.current("D1").getMembersActive()).as("another member does not wait").isEqualTo(1);

        d.send(d.branch("B9", "C3", BranchKind.VILLAGE));
        d.advance(RETRY);

        assertThat(d.rejected).as("no MEMBER_NOT_ACTIVE, no duplicate").isEmpty();
        assertThat(d.month("D2", "2025-01").getAdmissions()).isEqualTo(1);
        assertThat(d.month("D2", "2025-02").getConfirmations()).isEqualTo(1);
        assertThat(d.year("D2", 2024).getGradedExcellent()).isEqualTo(1);
        assertThat(d.month("D2", "2025-03").getTransfersOut()).isEqualTo(1);
        assertThat(d.month("D1", "2025-03").getTransfersIn()).isEqualTo(1);
        assertThat(d.year("D1", 2025).getGradedGood()).as("graded after the transfer, in its new district").isEqualTo(1);
        assertThat(d.current("D1").getMembersActive()).isEqualTo(2);
        assertThat(d.current("D1").getMembersOfficial()).isEqualTo(2);
        assertThat(d.current("D2").getMembersActive()).isZero();
        assertThat(d.member("M1").getEventIds()).startsWith(admission.getEventId()).doesNotHaveDuplicates().hasSize(5);
        assertThat(pendingKeys(StoreNames.MEMBER_PENDING)).isZero();
    }

    @Test
    void transferToABranchNotYetHeldWaitsForIt() {
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.transferred("M1", "B1", "B9", null, "2025-03-10"));
        d.send(d.left("M1", vn.chibo.pulse.events.LeaveReason.DECEASED, "2025-04-10"));
        assertThat(d.member("M1").getBranchId()).isEqualTo("B1");

        d.send(d.branch("B9", "C3", BranchKind.OTHER));
        d.advance(RETRY);

        assertThat(d.rejected).isEmpty();
        assertThat(d.month("D1", "2025-03").getTransfersOut()).isEqualTo(1);
        assertThat(d.month("D2", "2025-03").getTransfersIn()).isEqualTo(1);
        assertThat(d.month("D2", "2025-04").getDeaths()).as("left from the branch it moved to").isEqualTo(1);
        assertThat(d.current("D2").getMembersActive()).isZero();
    }

    @Test
    void meetingBeforeItsBranchWaitsForIt() {
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.regular("MT1", "B9", "2025-03-05", 1, "M1"));
        d.send(d.meeting("MT1", "B9", "2025-03-06", vn.chibo.pulse.events.MeetingKind.REGULAR, 2, 12, 11, List.of("M1"),
                true, false));
        d.send(d.regular("MT1", "B9", "2025-03-07", 1)); // stale once the others are applied
        d.advance(Duration.ofSeconds(10));
        assertThat(d.meeting("MT1")).isNull();
        assertThat(d.pending(StoreNames.MEETING_PENDING, "MT1")).hasSize(3);

        d.send(d.commune("C9", "D2"));
        d.send(d.branch("B9", "C9", BranchKind.VILLAGE));
        d.advance(RETRY);

        assertThat(d.rejected).isEmpty();
        assertThat(d.meeting("MT1").getRevision()).isEqualTo(2);
        assertThat(d.month("D2", "2025-03").getRegularMeetings()).isEqualTo(1);
        assertThat(d.month("D2", "2025-03").getMembersExpected()).isEqualTo(12);
        assertThat(d.month("D2", "2025-03").getMeetingsWithSuperior()).isEqualTo(1);
        assertThat(d.month("D2", "2025-03").getBranchesWithRegularMeeting()).isEqualTo(1);
        assertThat(d.absentAt("M1", 2025)).containsExactly("MT1");
        assertThat(pendingKeys(StoreNames.MEETING_PENDING)).isZero();
    }

    @Test
    void eventWhoseBranchNeverArrivesIsRejectedAfterTheWait() {
        MemberEvent lost = d.admitted("M1", "B404", "2025-03-01");
        byte[] bytes = d.serialize(Topics.MEMBER_EVENTS, lost);
        d.send(lost);
        d.send(d.admitted("M1", "B1", "2025-03-02"));
        d.send(d.regular("MT1", "B404", "2025-03-05", 1));

        d.advance(d.referenceWait.minusSeconds(1));
        assertThat(d.rejected).as("still within the wait").isEmpty();
        assertThat(d.member("M1")).isNull();

        d.advance(Duration.ofSeconds(2));
        assertThat(d.rejected).hasSize(2);
        var memberRecord = d.rejected.stream()
                .filter(r -> ((RejectedEvent) r.value()).getSourceTopic().equals(Topics.MEMBER_EVENTS)).findFirst().orElseThrow();
        RejectedEvent member = (RejectedEvent) memberRecord.value();
        assertThat(member.getReason()).isEqualTo("UNKNOWN_BRANCH");
        assertThat(member.getEventId()).isEqualTo(lost.getEventId());
        assertThat(member.getSourceTopic()).isEqualTo(Topics.MEMBER_EVENTS);
        assertThat(member.getSourceOffset()).as("the offset it was read at, not the time it was refused").isZero();
        assertThat(member.getValue().array()).isEqualTo(bytes);
        assertThat(memberRecord.timestamp()).isEqualTo(PulseDriver.NOW.toEpochMilli());
        assertThat(d.rejectionCount("UNKNOWN_BRANCH")).isEqualTo(2);

        assertThat(d.month("D1", "2025-03").getAdmissions()).as("the event queued behind goes on").isEqualTo(1);
        assertThat(d.member("M1").getBranchId()).isEqualTo("B1");
        assertThat(d.meeting("MT1")).isNull();
        assertThat(pendingKeys(StoreNames.MEMBER_PENDING) + pendingKeys(StoreNames.MEETING_PENDING)).isZero();
    }

    @Test
    void refusedWaitingEventCanBeSentAgainUnderItsEventId() {
        MemberEvent lost = d.admitted("M1", "B404", "2025-03-01");
        d.send(lost);
        d.waitOutTheReferenceWait();
        d.send(new MemberEvent(lost.getEventId(), d.admitted("M1", "B1", "2025-03-01").getPayload()));

        assertThat(d.rejected).hasSize(1);
        assertThat(d.month("D1", "2025-03").getAdmissions()).isEqualTo(1);
    }

    @Test
    void absencesOfAWaitingMemberAreNotHeldBack() {
        d.send(d.registered("M1", "B9", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.regular("MT1", "B1", "2025-01-05", 1, "M1"));
        d.send(d.regular("MT2", "B1", "2025-02-05", 1, "M1"));
        d.send(d.regular("MT3", "B1", "2025-03-05", 1, "M1"));
        assertThat(d.absentAt("M1", 2025)).containsExactly("MT1", "MT2", "MT3");
        assertThat(d.member("M1").getActive()).isFalse();

        d.send(d.branch("B9", "C1", BranchKind.VILLAGE));
        d.advance(RETRY);

        assertThat(d.member("M1").getActive()).isTrue();
        assertThat(d.year("D1", 2025).getMembersAtRisk()).isEqualTo(1);
    }

    @Test
    void withNoWaitAnUnknownBranchIsRefusedAtOnce() {
        d.close();
        d = new PulseDriver(Duration.ZERO).withProvince();
        d.send(d.admitted("M1", "B9", "2025-03-01"));

        assertThat(d.rejected).hasSize(1);
        assertThat(d.lastRejection().getReason()).isEqualTo("UNKNOWN_BRANCH");
        assertThat(pendingKeys(StoreNames.MEMBER_PENDING)).isZero();
    }

    private long pendingKeys(String store) {
        long n = 0;
        try (KeyValueIterator<String, PendingEvents> all = d.<PendingEvents>store(store).all()) {
            while (all.hasNext()) {
                KeyValue<String, PendingEvents> kv = all.next();
                n++;
            }
        }
        return n;
    }
}
