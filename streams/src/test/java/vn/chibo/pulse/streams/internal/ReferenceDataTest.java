package vn.chibo.pulse.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import vn.chibo.pulse.streams.levels.UnitCurrent;
import vn.chibo.pulse.streams.levels.UnitMonthly;
import java.time.YearMonth;

import vn.chibo.pulse.events.BranchKind;
import vn.chibo.pulse.events.Grade;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.events.ReferenceEvent;
import vn.chibo.pulse.streams.internal.model.ReferenceEntry;

/** Reference data: upserts by key, validated against what is held, branch counts by kind. */
class ReferenceDataTest extends OnTheSmallProvince {

    @Test
    void branchesCountByKindInTheDistrictOfTheirCommune() {
        UnitCurrent d1 = d.current("D1");
        assertThat(d1.getBranchesVillage()).isEqualTo(1);
        assertThat(d1.getBranchesStreetGroup()).isEqualTo(1);
        assertThat(d1.getBranchesOther()).isZero();
        UnitCurrent d2 = d.current("D2");
        assertThat(d2.getBranchesVillage()).isEqualTo(1);
        assertThat(d2.getBranchesOther()).isEqualTo(1);
        assertThat(d.branches.get("B3").getCommuneCode()).isEqualTo("C3");
    }

    @Test
    void districtNamesArePublishedAndRenamed() {
        assertThat(d.districts.get("D1").getDistrictName()).isEqualTo("Huyện Đức Thọ");
        d.send(d.district("D1", "Thị xã Đức Thọ"));

        assertThat(d.districts.get("D1").getDistrictName()).isEqualTo("Thị xã Đức Thọ");
        assertThat(d.<ReferenceEntry>store(StoreNames.REFERENCE_LOOKUP).get("District:D1").getName()).isEqualTo("Thị xã Đức Thọ");
    }

    @Test
    void resentBranchWithTheSameDataChangesNothing() {
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.branch("B1", "C1", BranchKind.VILLAGE));

        assertThat(d.current("D1").getBranchesVillage()).isEqualTo(1);
        assertThat(d.current("D1").getMembersVillage()).isEqualTo(1);
    }

    @Test
    void branchMovedToACommuneOfAnotherDistrictMovesTheBranchAndItsMembers() {
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.registered("M2", "B1", MemberStatus.PROBATIONARY, "2020-01-01"));
        d.send(d.branch("B1", "C3", BranchKind.VILLAGE));

        UnitCurrent d1 = d.current("D1");
        assertThat(d1.getBranchesVillage()).isZero();
        assertThat(d1.getMembersActive()).isZero();
        UnitCurrent d2 = d.current("D2");
        assertThat(d2.getBranchesVillage()).isEqualTo(2);
        assertThat(d2.getMembersActive()).isEqualTo(2);
        assertThat(d2.getMembersOfficial()).isEqualTo(1);
        assertThat(d2.getMembersVillage()).isEqualTo(2);

        d.send(d.admitted("M3", "B1", "2025-03-01"));
        assertThat(d.month("D2", "2025-03").getAdmissions()).as("flows follow the branch's district at the event").isEqualTo(1);
    }

    @Test
    void branchWithAnotherKindMovesItsCounts() {
        d.send(d.registered("M1", "B2", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.branch("B2", "C2", BranchKind.OTHER));

        UnitCurrent d1 = d.current("D1");
        assertThat(d1.getBranchesStreetGroup()).isZero();
        assertThat(d1.getBranchesOther()).isEqualTo(1);
        assertThat(d1.getMembersStreetGroup()).isZero();
        assertThat(d1.getMembersOther()).isEqualTo(1);
        assertThat(d1.getMembersActive()).isEqualTo(1);
    }

    @Test
    void communeMovedToAnotherDistrictMovesItsBranchesAndMembers() {
        d.send(d.registered("M1", "B3", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.registered("M2", "B4", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.commune("C3", "D1"));

        assertThat(d.current("D2").getMembersActive()).isZero();
        assertThat(d.current("D2").getBranchesOther()).isZero();
        assertThat(d.current("D2").getBranchesVillage()).isZero();
        UnitCurrent d1 = d.current("D1");
        assertThat(d1.getMembersActive()).isEqualTo(2);
        assertThat(d1.getBranchesVillage()).isEqualTo(2);
        assertThat(d1.getBranchesOther()).isEqualTo(1);
    }

    @Test
    void branchMovedToAnotherCommuneTakesItsHistory() {
        d.send(d.admitted("M1", "B1", "2025-03-02"));
        d.send(d.regular("B1-03", "B1", "2025-03-05", 1));
        d.send(d.classified("M1", 2024, Grade.GOOD));
        d.send(d.branch("B1", "C3", BranchKind.VILLAGE));

        assertThat(d.month("D1", "2025-03")).as("nothing stays behind").isEqualTo(Levels.monthly("D1", YearMonth.of(2025, 3)));
        assertThat(d.month("D2", "2025-03").getAdmissions()).isEqualTo(1);
        assertThat(d.month("D2", "2025-03").getRegularMeetings()).isEqualTo(1);
        assertThat(d.year("D2", 2024).getGradedGood()).isEqualTo(1);
        assertThat(d.year("D1", 2024).getGradedGood()).isZero();
        assertThat(d.month(Levels.Level.COMMUNE, "C3", "2025-03").getBranchesWithRegularMeeting()).isEqualTo(2 - 1);
    }

    @Test
    void meetingsOfOneMonthStayWithTheBranchWhateverOrderTheMoveArrivesIn() {
        d.send(d.regular("B1-a", "B1", "2025-03-05", 1));
        d.send(d.branch("B1", "C3", BranchKind.VILLAGE));
        d.send(d.regular("B1-b", "B1", "2025-03-20", 1));

        UnitMonthly d2 = d.month("D2", "2025-03");
        assertThat(d2.getRegularMeetings()).isEqualTo(2);
        assertThat(d2.getBranchesWithRegularMeeting()).as("one branch, counted once").isEqualTo(1);
        assertThat(d.month("D1", "2025-03").getBranchesWithRegularMeeting()).isZero();
    }

    @Test
    void transferBetweenCommunesMergedIntoOneCountsOnlyBelowTheMerge() {
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.transferred("M1", "B1", "B3", null, "2025-03-10"));
        assertThat(d.month("D1", "2025-03").getTransfersOut()).isEqualTo(1);
        assertThat(d.month("D2", "2025-03").getTransfersIn()).isEqualTo(1);

        // C3 (holding B3) now belongs to D1: history is restated, the transfer is inside D1
        d.send(d.commune("C3", "D1"));
        assertThat(d.month("D1", "2025-03").getTransfersOut()).isZero();
        assertThat(d.month("D1", "2025-03").getTransfersIn()).isZero();
        assertThat(d.month(Levels.Level.COMMUNE, "C1", "2025-03").getTransfersOut()).isEqualTo(1);
        assertThat(d.month(Levels.Level.COMMUNE, "C3", "2025-03").getTransfersIn()).isEqualTo(1);
    }

    @Test
    void communeDirectlyUnderTheProvinceCountsInNoDistrict() {
        d.send(d.registered("M1", "B3", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.commune("C3", null));

        assertThat(d.current("D2").getMembersActive()).isZero();
        assertThat(d.current(Levels.Level.COMMUNE, "C3").getMembersActive()).isEqualTo(1);
        assertThat(d.communes.get("C3").getDistrictCode()).isNull();
        assertThat(d.rejected).isEmpty();
    }

    @Test
    void rejectedBranchCanBeSentAgainOnceItsCommuneIsHeld() {
        ReferenceEvent early = d.branch("B9", "C9", BranchKind.VILLAGE);
        d.send(early);
        d.send(d.commune("C9", "D2"));
        d.send(early);

        assertThat(d.current("D2").getBranchesVillage()).isEqualTo(2);
    }
}
