package vn.chibo.pulse.dashboard;

import java.time.YearMonth;

/** Flows and meeting figures of one district in one month (topic pulse.district-monthly). */
public record MonthlyFigures(
        String districtCode,
        YearMonth month,
        int admissions,
        int confirmations,
        int transfersIn,
        int transfersOut,
        int deaths,
        int removals,
        int expulsions,
        int regularMeetings,
        int thematicMeetings,
        int branchesWithRegularMeeting,
        int membersExpected,
        int membersPresent,
        int meetingsWithSuperior,
        int meetingsWithSelfCriticism) {

    /** All zero: what a missing month means. */
    public static MonthlyFigures none(String districtCode, YearMonth month) {
        return new MonthlyFigures(districtCode, month, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
