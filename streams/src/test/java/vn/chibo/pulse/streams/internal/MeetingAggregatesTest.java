package vn.chibo.pulse.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import vn.chibo.pulse.streams.levels.UnitMonthly;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.streams.internal.model.MeetingState;

/** SPEC §3, meetings: counted in the month of their date for their branch's district, as last recorded. */
class MeetingAggregatesTest extends OnTheSmallProvince {

    @Test
    void meetingCountsInTheMonthOfItsDateForItsBranchDistrict() {
        d.send(d.meeting("MT1", "B1", "2025-03-05", MeetingKind.REGULAR, 1, 12, 10, List.of(), true, false));
        d.send(d.meeting("MT2", "B2", "2025-03-20", MeetingKind.THEMATIC, 1, 9, 9, List.of(), false, true));
        d.send(d.meeting("MT3", "B3", "2025-03-20", MeetingKind.REGULAR, 1, 5, 4, List.of(), false, false));

        UnitMonthly march = d.month("D1", "2025-03");
        assertThat(march.getRegularMeetings()).isEqualTo(1);
        assertThat(march.getThematicMeetings()).isEqualTo(1);
        assertThat(march.getMembersExpected()).isEqualTo(21);
        assertThat(march.getMembersPresent()).isEqualTo(19);
        assertThat(march.getMeetingsWithSuperior()).isEqualTo(1);
        assertThat(march.getMeetingsWithSelfCriticism()).isEqualTo(1);
        assertThat(march.getBranchesWithRegularMeeting()).isEqualTo(1);
        assertThat(march.getMonth()).isEqualTo("2025-03");
        assertThat(d.month("D2", "2025-03").getRegularMeetings()).isEqualTo(1);
        assertThat(d.month("D2", "2025-03").getMembersExpected()).isEqualTo(5);
    }

    @Test
    void higherRevisionReplacesTheMeeting() {
        d.send(d.meeting("MT1", "B1", "2025-03-05", MeetingKind.REGULAR, 1, 12, 10, List.of(), true, true));
        d.send(d.meeting("MT1", "B3", "2025-04-02", MeetingKind.THEMATIC, 2, 7, 3, List.of(), false, false));

        assertThat(d.month("D1", "2025-03")).isEqualTo(Levels.monthly("D1", java.time.YearMonth.of(2025, 3)));
        UnitMonthly april = d.month("D2", "2025-04");
        assertThat(april.getThematicMeetings()).isEqualTo(1);
        assertThat(april.getRegularMeetings()).isZero();
        assertThat(april.getBranchesWithRegularMeeting()).isZero();
        assertThat(april.getMembersExpected()).isEqualTo(7);
        assertThat(april.getMembersPresent()).isEqualTo(3);
        MeetingState state = d.meeting("MT1");
        assertThat(state.getRevision()).isEqualTo(2);
        assertThat(state.getMeeting().getBranchId()).isEqualTo("B3");
    }

    @Test
    void equalRevisionIsIgnored() {
        d.send(d.meeting("MT1", "B1", "2025-03-05", MeetingKind.REGULAR, 3, 12, 10, List.of(), false, false));
        d.send(d.meeting("MT1", "B1", "2025-03-05", MeetingKind.REGULAR, 3, 20, 20, List.of(), true, true));

        UnitMonthly march = d.month("D1", "2025-03");
        assertThat(march.getMembersExpected()).isEqualTo(12);
        assertThat(march.getMeetingsWithSuperior()).isZero();
        assertThat(d.rejected).as("a stale revision is not an error").isEmpty();
        assertThat(d.meeting("MT1").getMeeting().getMembersExpected()).isEqualTo(12);
    }

    @Test
    void lowerRevisionIsIgnored() {
        d.send(d.meeting("MT1", "B1", "2025-03-05", MeetingKind.REGULAR, 3, 12, 10, List.of(), false, false));
        d.send(d.meeting("MT1", "B1", "2025-03-05", MeetingKind.THEMATIC, 2, 12, 10, List.of(), false, false));

        assertThat(d.month("D1", "2025-03").getRegularMeetings()).isEqualTo(1);
        assertThat(d.month("D1", "2025-03").getThematicMeetings()).isZero();
        assertThat(d.meeting("MT1").getRevision()).isEqualTo(3);
    }

    @Test
    void retractionRemovesTheMeeting() {
        d.send(d.meeting("MT1", "B1", "2025-03-05", MeetingKind.REGULAR, 1, 12, 10, List.of(), true, true));
        d.send(d.retracted("MT1", 2));

        assertThat(d.month("D1", "2025-03")).isEqualTo(Levels.monthly("D1", java.time.YearMonth.of(2025, 3)));
        MeetingState state = d.meeting("MT1");
        assertThat(state.getRevision()).isEqualTo(2);
        assertThat(state.getMeeting()).isNull();
    }

    @Test
    void retractionWithoutAHigherRevisionChangesNothing() {
        d.send(d.meeting("MT1", "B1", "2025-03-05", MeetingKind.REGULAR, 2, 12, 10, List.of(), true, true));
        d.send(d.retracted("MT1", 2));

        assertThat(d.month("D1", "2025-03").getRegularMeetings()).isEqualTo(1);
    }

    @Test
    void recordAfterRetractionNeedsHigherRevision() {
        d.send(d.meeting("MT1", "B1", "2025-03-05", MeetingKind.REGULAR, 1, 12, 10, List.of(), true, true));
        d.send(d.retracted("MT1", 2));
        d.send(d.meeting("MT1", "B1", "2025-03-05", MeetingKind.REGULAR, 2, 12, 10, List.of(), true, true));
        assertThat(d.month("D1", "2025-03").getRegularMeetings()).isZero();

        d.send(d.meeting("MT1", "B1", "2025-03-06", MeetingKind.REGULAR, 3, 11, 11, List.of(), false, true));
        UnitMonthly march = d.month("D1", "2025-03");
        assertThat(march.getRegularMeetings()).isEqualTo(1);
        assertThat(march.getMembersExpected()).isEqualTo(11);
        assertThat(march.getMeetingsWithSuperior()).isZero();
        assertThat(march.getBranchesWithRegularMeeting()).isEqualTo(1);
    }

    @Test
    void retractionArrivingFirstKeepsTheOlderRecordOut() {
        d.send(d.retracted("MT1", 2));
        d.send(d.meeting("MT1", "B1", "2025-03-05", MeetingKind.REGULAR, 1, 12, 10, List.of(), true, true));

        assertThat(d.month("D1", "2025-03").getRegularMeetings()).isZero();
        assertThat(d.meeting("MT1").getRevision()).isEqualTo(2);
    }

    @Test
    void branchesWithRegularMeetingCountsDistinctBranches() {
        d.send(d.regular("MT1", "B1", "2025-03-05", 1));
        d.send(d.regular("MT2", "B1", "2025-03-19", 1));
        d.send(d.regular("MT3", "B2", "2025-03-10", 1));
        d.send(d.meeting("MT4", "B2", "2025-04-10", MeetingKind.THEMATIC, 1, 5, 5, List.of(), false, false));
        assertThat(d.month("D1", "2025-03").getRegularMeetings()).isEqualTo(3);
        assertThat(d.month("D1", "2025-03").getBranchesWithRegularMeeting()).isEqualTo(2);
        assertThat(d.month("D1", "2025-04").getBranchesWithRegularMeeting()).as("thematic meetings do not count").isZero();

        d.send(d.retracted("MT1", 2));
        assertThat(d.month("D1", "2025-03").getBranchesWithRegularMeeting()).as("B1 still met on the 19th").isEqualTo(2);
        d.send(d.retracted("MT2", 2));
        assertThat(d.month("D1", "2025-03").getBranchesWithRegularMeeting()).isEqualTo(1);
        d.send(d.regular("MT3", "B2", "2025-04-01", 2));
        assertThat(d.month("D1", "2025-03").getBranchesWithRegularMeeting()).isZero();
        assertThat(d.month("D1", "2025-04").getBranchesWithRegularMeeting()).isEqualTo(1);
    }

    @Test
    void duplicateMeetingEventIdIsIgnored() {
        MeetingEvent record = d.regular("MT1", "B1", "2025-03-05", 1);
        d.send(record);
        d.send(new MeetingEvent(record.getEventId(), d.retracted("MT1", 5).getPayload()));

        assertThat(d.month("D1", "2025-03").getRegularMeetings()).isEqualTo(1);
        assertThat(d.meeting("MT1").getRevision()).isEqualTo(1);
    }

    @Test
    void qualityScoresCountByBandAndARevisionMovesTheScore() {
        d.send(d.scored("Q1", "B1", "2025-03-05", MeetingKind.REGULAR, 1, 85));
        d.send(d.scored("Q2", "B2", "2025-03-06", MeetingKind.THEMATIC, 1, 49));
        d.send(d.scored("Q3", "B2", "2025-03-07", MeetingKind.REGULAR, 1, null));

        UnitMonthly march = d.month("D1", "2025-03");
        assertThat(march.getMeetingsScored()).as("an unscored meeting is not scored").isEqualTo(2);
        assertThat(march.getQualityScoreSum()).isEqualTo(134);
        assertThat(march.getMeetingsGood()).isEqualTo(1);
        assertThat(march.getMeetingsPoor()).isEqualTo(1);

        d.send(d.scored("Q1", "B1", "2025-03-05", MeetingKind.REGULAR, 2, 72));
        march = d.month("D1", "2025-03");
        assertThat(march.getQualityScoreSum()).isEqualTo(121);
        assertThat(march.getMeetingsGood()).isZero();
        assertThat(march.getMeetingsFair()).isEqualTo(1);

        d.send(d.retracted("Q2", 2));
        assertThat(d.month("D1", "2025-03").getMeetingsPoor()).isZero();
        assertThat(d.month("D1", "2025-03").getMeetingsScored()).isEqualTo(1);
    }
}
