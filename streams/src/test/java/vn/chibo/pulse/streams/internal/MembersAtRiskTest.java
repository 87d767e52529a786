package vn.chibo.pulse.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import vn.chibo.pulse.events.LeaveReason;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MemberStatus;

/**
 * SPEC §3: members_at_risk of a (district, year) = active members of the district listed in
 * absentUnexcused of at least 3 distinct REGULAR meetings dated in that year.
 */
class MembersAtRiskTest extends OnTheSmallProvince {
    @BeforeEach
    void oneMember() {
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
    }

    private void absentFromRegularMeetings(String member, String branch, int year, int count) {
        for (int i = 1; i <= count; i++) {
            d.send(d.regular("R" + year + "-" + branch + "-" + i, branch, year + "-0" + i + "-10", 1, member));
        }
    }

    @Test
    void memberAbsentFromThreeRegularMeetingsIsAtRisk() {
        absentFromRegularMeetings("M1", "B1", 2025, 2);
        assertThat(d.year("D1", 2025).getMembersAtRisk()).isZero();

        d.send(d.regular("R3", "B2", "2025-05-10", 1, "M1"));
        assertThat(d.year("D1", 2025).getMembersAtRisk()).isEqualTo(1);
        assertThat(d.absentAt("M1", 2025)).hasSize(3);
        assertThat(d.yearly.get("B1|2025").getMembersAtRisk()).as("counted for the member's branch, not the meeting's").isEqualTo(1);
    }

    @Test
    void twoAbsencesInOneMonthAndOneInAnotherAreNotAtRiskAThirdMonthIs() {
        d.send(d.regular("R-1a", "B1", "2025-01-05", 1, "M1"));
        d.send(d.regular("R-1b", "B1", "2025-01-25", 1, "M1"));
        d.send(d.regular("R-2", "B1", "2025-02-05", 1, "M1"));
        assertThat(d.year("D1", 2025).getMembersAtRisk()).as("three meetings, two months").isZero();

        d.send(d.regular("R-3", "B1", "2025-03-05", 1, "M1"));
        assertThat(d.year("D1", 2025).getMembersAtRisk()).as("a third distinct month").isEqualTo(1);
    }

    @Test
    void meetingMovedToAnotherMonthOfTheYearMovesTheAbsence() {
        absentFromRegularMeetings("M1", "B1", 2025, 3);
        d.send(d.regular("R2025-B1-3", "B1", "2025-02-20", 2, "M1"));

        assertThat(d.year("D1", 2025).getMembersAtRisk()).as("now two distinct months").isZero();
        assertThat(d.absentAt("M1", 2025)).hasSize(3);
    }

    @Test
    void exemptMemberIsNeverAtRiskAndCountsAgainWhenTheExemptionEnds() {
        absentFromRegularMeetings("M1", "B1", 2025, 3);
        assertThat(d.year("D1", 2025).getMembersAtRisk()).isEqualTo(1);

        d.send(d.exempted("M1", "2025-04-01"));
        assertThat(d.year("D1", 2025).getMembersAtRisk()).isZero();
        assertThat(d.current("D1").getMembersExempted()).isEqualTo(1);
        assertThat(d.current("D1").getMembersActive()).as("still an active member").isEqualTo(1);

        d.send(d.exemptionEnded("M1", "2025-05-01"));
        assertThat(d.year("D1", 2025).getMembersAtRisk()).isEqualTo(1);
        assertThat(d.current("D1").getMembersExempted()).isZero();
    }

    @Test
    void sameMeetingListedAgainInANewRevisionCountsOnce() {
        absentFromRegularMeetings("M1", "B1", 2025, 2);
        d.send(d.regular("R2025-B1-2", "B1", "2025-02-10", 2, "M1"));
        d.send(d.regular("R2025-B1-2", "B1", "2025-02-11", 3, "M1"));

        assertThat(d.year("D1", 2025).getMembersAtRisk()).isZero();
        assertThat(d.member("M1").getAbsences().get("2025")).hasSize(2);
    }

    @Test
    void absencesFromThematicMeetingsDoNotCount() {
        absentFromRegularMeetings("M1", "B1", 2025, 2);
        d.send(d.meeting("T1", "B1", "2025-05-10", MeetingKind.THEMATIC, 1, 10, 8, List.of("M1"), false, false));

        assertThat(d.year("D1", 2025).getMembersAtRisk()).isZero();
    }

    @Test
    void absencesCountWithinOneYear() {
        absentFromRegularMeetings("M1", "B1", 2024, 2);
        absentFromRegularMeetings("M1", "B2", 2025, 1);

        assertThat(d.year("D1", 2024).getMembersAtRisk()).isZero();
        assertThat(d.year("D1", 2025).getMembersAtRisk()).isZero();
    }

    @Test
    void correctedMeetingWithoutTheAbsenceRemovesTheRisk() {
        absentFromRegularMeetings("M1", "B1", 2025, 3);
        assertThat(d.year("D1", 2025).getMembersAtRisk()).isEqualTo(1);

        d.send(d.regular("R2025-B1-3", "B1", "2025-03-10", 2));
        assertThat(d.year("D1", 2025).getMembersAtRisk()).isZero();
    }

    @Test
    void retractedMeetingRemovesTheRisk() {
        absentFromRegularMeetings("M1", "B1", 2025, 3);
        d.send(d.retracted("R2025-B1-1", 2));

        assertThat(d.year("D1", 2025).getMembersAtRisk()).isZero();
    }

    @Test
    void meetingMovedToAnotherYearMovesTheAbsence() {
        absentFromRegularMeetings("M1", "B1", 2025, 3);
        d.send(d.regular("R2025-B1-3", "B1", "2024-12-30", 2, "M1"));

        assertThat(d.year("D1", 2025).getMembersAtRisk()).isZero();
        assertThat(d.absentAt("M1", 2024)).containsExactly("R2025-B1-3");
    }

    @Test
    void atRiskMemberMovesWithTransfer() {
        absentFromRegularMeetings("M1", "B1", 2025, 3);
        d.send(d.transferred("M1", "B1", "B3", null, "2025-05-01"));

        assertThat(d.year("D1", 2025).getMembersAtRisk()).isZero();
        assertThat(d.year("D2", 2025).getMembersAtRisk()).isEqualTo(1);
    }

    @Test
    void atRiskDisappearsWhenTheMemberLeaves() {
        absentFromRegularMeetings("M1", "B1", 2025, 3);
        d.send(d.left("M1", LeaveReason.REMOVED, "2025-05-01"));

        assertThat(d.year("D1", 2025).getMembersAtRisk()).isZero();
    }

    @Test
    void atRiskAppearsWhenAnAbsentMemberBecomesActive() {
        absentFromRegularMeetings("M9", "B1", 2025, 3);
        assertThat(d.year("D1", 2025).getMembersAtRisk()).as("M9 is not a member yet").isZero();

        d.send(d.transferred("M9", null, "B4", MemberStatus.OFFICIAL, "2025-05-01"));
        assertThat(d.year("D2", 2025).getMembersAtRisk()).isEqualTo(1);
        assertThat(d.year("D1", 2025).getMembersAtRisk()).isZero();
    }
}
