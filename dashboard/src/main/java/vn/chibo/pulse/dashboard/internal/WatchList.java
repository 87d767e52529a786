package vn.chibo.pulse.dashboard.internal;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The branches under a unit that the board should look at in a month (issue 14): no regular
 * meeting in the month, no thematic meeting in the month's quarter, a meeting scored poor in the
 * month, members at risk of removal in the year. Counts only: never a member's id.
 *
 * @param quarter  the quarter of the month, e.g. "2025-Q2"
 * @param branches how many branches the unit holds (the list's denominator)
 * @param entries  the branches with at least one reason, communes and branches in Vietnamese order
 */
public record WatchList(String quarter, int branches, List<Entry> entries) {

    /** A branch with what calls for attention; the flags are derived from the counts, for the page and the exports. */
    public record Entry(String branchId, String branchName, String kind, String communeCode, String communeName,
                        String districtCode, String districtName, int regularMeetings, int thematicMeetingsInQuarter,
                        int meetingsPoor, int membersAtRisk) {

        @JsonProperty
        public boolean noRegularMeeting() {
            return regularMeetings == 0;
        }

        @JsonProperty
        public boolean noThematicMeetingInQuarter() {
            return thematicMeetingsInQuarter == 0;
        }
    }
}
