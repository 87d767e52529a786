package vn.chibo.pulse.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import vn.chibo.pulse.streams.levels.UnitCurrent;
import vn.chibo.pulse.streams.levels.UnitMonthly;
import vn.chibo.pulse.streams.levels.UnitYearly;
import vn.chibo.pulse.events.Grade;
import vn.chibo.pulse.events.LeaveReason;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.streams.internal.model.MemberState;

/** SPEC §3, member side: current totals, monthly flows, yearly grades. Province: see {@link PulseDriver#withProvince}. */
class MemberAggregatesTest extends OnTheSmallProvince {

    @Test
    void registeredMemberCountsInCurrentTotalsWithoutAFlow() {
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2025-03-10"));
        d.send(d.registered("M2", "B2", MemberStatus.PROBATIONARY, "2025-03-10"));

        UnitCurrent d1 = d.current("D1");
        assertThat(d1.getMembersActive()).isEqualTo(2);
        assertThat(d1.getMembersOfficial()).isEqualTo(1);
        assertThat(d1.getMembersProbationary()).isEqualTo(1);
        assertThat(d1.getMembersVillage()).isEqualTo(1);
        assertThat(d1.getMembersStreetGroup()).isEqualTo(1);
        assertThat(d1.getMembersOther()).isZero();
        assertThat(d.month("D1", "2025-03")).isEqualTo(Levels.monthly("D1", java.time.YearMonth.of(2025, 3)));
        MemberState m1 = d.member("M1");
        assertThat(m1.getActive()).isTrue();
        assertThat(m1.getBranchId()).isEqualTo("B1");
        assertThat(m1.getStatus()).isEqualTo("OFFICIAL");
    }

    @Test
    void admissionCountsInTheMonthOfItsDateForTheBranchDistrict() {
        d.send(d.admitted("M1", "B3", "2025-02-28"));
        d.send(d.admitted("M2", "B4", "2025-03-01"));

        assertThat(d.month("D2", "2025-02").getAdmissions()).isEqualTo(1);
        assertThat(d.month("D2", "2025-03").getAdmissions()).isEqualTo(1);
        assertThat(d.month("D1", "2025-02").getAdmissions()).isZero();
        UnitCurrent d2 = d.current("D2");
        assertThat(d2.getMembersActive()).isEqualTo(2);
        assertThat(d2.getMembersProbationary()).isEqualTo(2);
        assertThat(d2.getMembersOther()).isEqualTo(1);
        assertThat(d2.getMembersVillage()).isEqualTo(1);
    }

    @Test
    void confirmationMakesTheMemberOfficialAndCountsOnce() {
        d.send(d.admitted("M1", "B1", "2024-01-10"));
        d.send(d.confirmed("M1", "2025-01-10"));

        assertThat(d.month("D1", "2025-01").getConfirmations()).isEqualTo(1);
        UnitCurrent d1 = d.current("D1");
        assertThat(d1.getMembersActive()).isEqualTo(1);
        assertThat(d1.getMembersOfficial()).isEqualTo(1);
        assertThat(d1.getMembersProbationary()).isZero();
        assertThat(d.member("M1").getStatus()).isEqualTo("OFFICIAL");
    }

    @Test
    void transferBetweenDistrictsMovesTheMember() {
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.transferred("M1", "B1", "B3", null, "2025-04-20"));

        assertThat(d.month("D1", "2025-04").getTransfersOut()).isEqualTo(1);
        assertThat(d.month("D1", "2025-04").getTransfersIn()).isZero();
        assertThat(d.month("D2", "2025-04").getTransfersIn()).isEqualTo(1);
        assertThat(d.month("D2", "2025-04").getTransfersOut()).isZero();
        assertThat(d.current("D1").getMembersActive()).isZero();
        assertThat(d.current("D1").getMembersVillage()).isZero();
        UnitCurrent d2 = d.current("D2");
        assertThat(d2.getMembersActive()).isEqualTo(1);
        assertThat(d2.getMembersOfficial()).isEqualTo(1);
        assertThat(d2.getMembersOther()).isEqualTo(1);
        assertThat(d.member("M1").getBranchId()).isEqualTo("B3");
        assertThat(d.branchCurrent("B1").getMembersActive()).isZero();
        assertThat(d.branchCurrent("B3").getMembersActive()).isEqualTo(1);
    }

    @Test
    void transferInsideOneDistrictCountsNoFlow() {
        d.send(d.registered("M1", "B1", MemberStatus.PROBATIONARY, "2020-01-01"));
        d.send(d.transferred("M1", "B1", "B2", null, "2025-04-20"));

        UnitMonthly april = d.month("D1", "2025-04");
        assertThat(april.getTransfersIn()).isZero();
        assertThat(april.getTransfersOut()).isZero();
        UnitCurrent d1 = d.current("D1");
        assertThat(d1.getMembersActive()).isEqualTo(1);
        assertThat(d1.getMembersVillage()).isZero();
        assertThat(d1.getMembersStreetGroup()).isEqualTo(1);
        assertThat(d1.getMembersProbationary()).isEqualTo(1);
    }

    @Test
    void transferOutOfProvinceCountsTransferOut() {
        d.send(d.registered("M1", "B3", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.transferred("M1", "B3", null, null, "2025-05-02"));

        assertThat(d.month("D2", "2025-05").getTransfersOut()).isEqualTo(1);
        assertThat(d.month("D2", "2025-05").getTransfersIn()).isZero();
        assertThat(d.current("D2").getMembersActive()).isZero();
        assertThat(d.member("M1").getActive()).isFalse();
    }

    @Test
    void transferFromOutsideProvinceCountsTransferInWithItsStatus() {
        d.send(d.transferred("M1", null, "B2", MemberStatus.PROBATIONARY, "2025-05-02"));

        assertThat(d.month("D1", "2025-05").getTransfersIn()).isEqualTo(1);
        assertThat(d.month("D1", "2025-05").getTransfersOut()).isZero();
        UnitCurrent d1 = d.current("D1");
        assertThat(d1.getMembersActive()).isEqualTo(1);
        assertThat(d1.getMembersProbationary()).isEqualTo(1);
        assertThat(d1.getMembersStreetGroup()).isEqualTo(1);
    }

    @Test
    void memberWhoLeftCountsByReasonAndIsNoLongerActive() {
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.registered("M2", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.registered("M3", "B2", MemberStatus.PROBATIONARY, "2020-01-01"));
        d.send(d.left("M1", LeaveReason.DECEASED, "2025-06-01"));
        d.send(d.left("M2", LeaveReason.REMOVED, "2025-06-02"));
        d.send(d.left("M3", LeaveReason.EXPELLED, "2025-05-31"));

        assertThat(d.month("D1", "2025-06").getDeaths()).isEqualTo(1);
        assertThat(d.month("D1", "2025-06").getRemovals()).isEqualTo(1);
        assertThat(d.month("D1", "2025-05").getExpulsions()).isEqualTo(1);
        assertThat(d.current("D1").getMembersActive()).isZero();
        assertThat(d.current("D1").getMembersOfficial()).isZero();
        assertThat(d.current("D1").getMembersProbationary()).isZero();
    }

    @Test
    void memberWhoLeftCanBeAdmittedAgain() {
        d.send(d.admitted("M1", "B1", "2024-01-01"));
        d.send(d.left("M1", LeaveReason.REMOVED, "2024-06-01"));
        d.send(d.admitted("M1", "B3", "2025-01-01"));

        assertThat(d.current("D1").getMembersActive()).isZero();
        assertThat(d.current("D2").getMembersActive()).isEqualTo(1);
        assertThat(d.month("D2", "2025-01").getAdmissions()).isEqualTo(1);
    }

    @Test
    void gradeCountsForTheDistrictOfTheBranchWhenApplied() {
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.classified("M1", 2024, Grade.GOOD));
        d.send(d.transferred("M1", "B1", "B3", null, "2025-02-01"));

        assertThat(d.year("D1", 2024).getGradedGood()).isEqualTo(1);
        assertThat(d.year("D2", 2024).getGradedGood()).isZero();
        assertThat(d.member("M1").getGrades().get("2024").getBranchId()).isEqualTo("B1");
    }

    @Test
    void regradeMovesTheGradeCount() {
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.classified("M1", 2024, Grade.GOOD));
        d.send(d.classified("M1", 2024, Grade.EXCELLENT));

        UnitYearly y = d.year("D1", 2024);
        assertThat(y.getGradedGood()).isZero();
        assertThat(y.getGradedExcellent()).isEqualTo(1);
        assertThat(d.member("M1").getGrades().get("2024").getGrade()).isEqualTo("EXCELLENT");
    }

    @Test
    void regradeAfterATransferMovesTheCountToTheNewDistrict() {
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.classified("M1", 2024, Grade.COMPLETED));
        d.send(d.transferred("M1", "B1", "B4", null, "2025-02-01"));
        d.send(d.classified("M1", 2024, Grade.NOT_COMPLETED));

        assertThat(d.year("D1", 2024).getGradedCompleted()).isZero();
        assertThat(d.year("D1", 2024).getGradedNotCompleted()).isZero();
        assertThat(d.year("D2", 2024).getGradedNotCompleted()).isEqualTo(1);
    }

    @Test
    void gradesOfDifferentYearsCountSeparately() {
        d.send(d.registered("M1", "B2", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.classified("M1", 2023, Grade.EXCELLENT));
        d.send(d.classified("M1", 2024, Grade.GOOD));

        assertThat(d.year("D1", 2023).getGradedExcellent()).isEqualTo(1);
        assertThat(d.year("D1", 2024).getGradedGood()).isEqualTo(1);
        assertThat(d.year("D1", 2024).getGradedExcellent()).isZero();
    }

    @Test
    void duplicateEventIdIsIgnored() {
        MemberEvent admission = d.admitted("M1", "B1", "2025-03-01");
        d.send(admission);
        d.send(admission);
        d.send(new MemberEvent(admission.getEventId(), d.confirmed("M1", "2025-04-01").getPayload()));

        assertThat(d.month("D1", "2025-03").getAdmissions()).isEqualTo(1);
        assertThat(d.month("D1", "2025-04").getConfirmations()).isZero();
        assertThat(d.current("D1").getMembersActive()).isEqualTo(1);
        assertThat(d.rejected).as("a duplicate is not an error").isEmpty();
        assertThat(d.member("M1").getEventIds()).containsExactly(admission.getEventId());
    }

    @Test
    void refusedEventCanBeCorrectedAndSentAgainUnderItsEventId() {
        MemberEvent wrong = d.admitted("M1", "B9", "2025-03-01");
        d.send(wrong);
        d.waitOutTheReferenceWait(); // B9 never became known: UNKNOWN_BRANCH
        d.send(new MemberEvent(wrong.getEventId(), d.admitted("M1", "B1", "2025-03-01").getPayload()));

        assertThat(d.rejected).hasSize(1);
        assertThat(d.month("D1", "2025-03").getAdmissions()).isEqualTo(1);
        assertThat(d.current("D1").getMembersActive()).isEqualTo(1);
    }

    @Test
    void sameEventIdForAnotherMemberIsAnotherEvent() {
        // eventIds are kept per entity, in the member's state: a resend carries the same member
        d.send(new MemberEvent("same-id", d.admitted("M1", "B1", "2025-03-01").getPayload()));
        d.send(new MemberEvent("same-id", d.admitted("M2", "B1", "2025-03-01").getPayload()));

        assertThat(d.month("D1", "2025-03").getAdmissions()).isEqualTo(2);
    }

    @Test
    void sameEventIdOnAnotherTopicIsAnotherEvent() {
        // eventIds are kept per source topic, in the partition of the entity key (see docs/streams.md)
        d.send(new vn.chibo.pulse.events.ReferenceEvent("same-id", new vn.chibo.pulse.events.District("D3", "Huyện Vũ Quang")));
        d.send(new MemberEvent("same-id", d.admitted("M1", "B1", "2025-03-01").getPayload()));

        assertThat(d.current("D1").getMembersActive()).isEqualTo(1);
    }
}
