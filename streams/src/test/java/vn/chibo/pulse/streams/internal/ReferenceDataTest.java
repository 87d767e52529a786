package vn.chibo.pulse.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import vn.chibo.pulse.aggregates.DistrictCurrent;
import vn.chibo.pulse.events.BranchKind;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.events.ReferenceEvent;
import vn.chibo.pulse.streams.internal.model.BranchChange;
import vn.chibo.pulse.streams.internal.model.Placement;
import vn.chibo.pulse.streams.internal.model.ReferenceEntry;

/** Reference data: upserts by key, validated against what is held, branch counts by kind. */
class ReferenceDataTest {
    private PulseDriver d;

    @BeforeEach
    void province() {
        d = new PulseDriver().withProvince();
    }

    @AfterEach
    void close() {
        d.close();
    }

    @Test
    void branchesCountByKindInTheDistrictOfTheirCommune() {
        DistrictCurrent d1 = d.current("D1");
        assertThat(d1.getBranchesVillage()).isEqualTo(1);
        assertThat(d1.getBranchesStreetGroup()).isEqualTo(1);
        assertThat(d1.getBranchesOther()).isZero();
        DistrictCurrent d2 = d.current("D2");
        assertThat(d2.getBranchesVillage()).isEqualTo(1);
        assertThat(d2.getBranchesOther()).isEqualTo(1);
        assertThat(d.branch("B3").getPlacement().getDistrictCode()).isEqualTo("D2");
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

        DistrictCurrent d1 = d.current("D1");
        assertThat(d1.getBranchesVillage()).isZero();
        assertThat(d1.getMembersActive()).isZero();
        DistrictCurrent d2 = d.current("D2");
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

        DistrictCurrent d1 = d.current("D1");
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
        DistrictCurrent d1 = d.current("D1");
        assertThat(d1.getMembersActive()).isEqualTo(2);
        assertThat(d1.getBranchesVillage()).isEqualTo(2);
        assertThat(d1.getBranchesOther()).isEqualTo(1);
    }

    @Test
    void memberCountReachingTheBranchBeforeItsPlacementCountsOnce() {
        // Stage the race: the global store already holds B5 (the member processor found it there),
        // the member's count reaches the branch stage, and only then the branch's own placement.
        d.sendInternal("pulse-test-reference-accepted", "Branch:B5",
                new ReferenceEntry("Branch", "B5", "Chi bộ B5", "C1", "OTHER", 100L), ReferenceEntry.class);
        BranchChange member = BranchChange.newBuilder().setActive(1).setOfficial(1).build();
        d.sendInternal("pulse-test-member-branch-changes-repartition", "B5", member, BranchChange.class);
        assertThat(d.current("D1").getBranchesOther()).isEqualTo(1);
        assertThat(d.current("D1").getMembersOther()).isEqualTo(1);

        BranchChange placement = BranchChange.newBuilder().setPlacement(new Placement("D1", "OTHER", 100L)).build();
        d.sendInternal("pulse-test-reference-branch-changes-repartition", "B5", placement, BranchChange.class);
        assertThat(d.current("D1").getBranchesOther()).isEqualTo(1);
        assertThat(d.current("D1").getMembersOther()).isEqualTo(1);

        BranchChange stale = BranchChange.newBuilder().setPlacement(new Placement("D2", "OTHER", 99L)).build();
        d.sendInternal("pulse-test-reference-branch-changes-repartition", "B5", stale, BranchChange.class);
        assertThat(d.current("D1").getMembersOther()).as("an older placement never wins").isEqualTo(1);
        assertThat(d.current("D2").getMembersOther()).isZero();
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
