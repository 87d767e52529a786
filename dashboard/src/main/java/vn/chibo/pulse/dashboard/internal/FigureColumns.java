package vn.chibo.pulse.dashboard.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figure columns every level's relations share (SPEC §4), read into JSON objects keyed by
 * the column's name in camelCase. A missing row reads as zeros, as the spec says it means.
 */
final class FigureColumns {

    static final List<String> CURRENT = List.of("members_active", "members_official", "members_probationary",
            "members_village", "members_street_group", "members_other", "branches_village",
            "branches_street_group", "branches_other", "members_exempted");
    static final List<String> MONTHLY = List.of("admissions", "confirmations", "transfers_in", "transfers_out",
            "deaths", "removals", "expulsions", "regular_meetings", "thematic_meetings",
            "branches_with_regular_meeting", "members_expected", "members_present", "meetings_with_superior",
            "meetings_with_self_criticism", "meetings_scored", "quality_score_sum", "meetings_good", "meetings_fair",
            "meetings_average", "meetings_poor");
    static final List<String> YEARLY = List.of("graded_excellent", "graded_good", "graded_completed",
            "graded_not_completed", "members_at_risk");

    private FigureColumns() {}

    /** The columns as {@code alias.column}, for a select list. */
    static String select(String alias, List<String> columns) {
        StringBuilder out = new StringBuilder();
        for (String c : columns) {
            out.append(out.length() == 0 ? "" : ", ").append(alias).append('.').append(c);
        }
        return out.toString();
    }

    static Map<String, Object> read(ResultSet rs, List<String> columns) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String c : columns) {
            out.put(camel(c), rs.getInt(c)); // NULL (no row) reads as 0
        }
        return out;
    }

    /** Current totals with the number of branches. */
    static Map<String, Object> current(ResultSet rs) throws SQLException {
        Map<String, Object> out = read(rs, CURRENT);
        out.put("branches", rs.getInt("branches_village") + rs.getInt("branches_street_group")
                + rs.getInt("branches_other"));
        return out;
    }

    /**
     * A month's figures with the rates the board reads (fractions in [0, 1], null when their
     * denominator is zero): attendance, regular-meeting coverage of {@code branches}, superior
     * committee present, self-criticism held, and the average quality score.
     */
    static Map<String, Object> month(ResultSet rs, String month, int branches) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("month", month);
        out.putAll(read(rs, MONTHLY));
        int meetings = rs.getInt("regular_meetings") + rs.getInt("thematic_meetings");
        out.put("attendanceRate", ratio(rs.getInt("members_present"), rs.getInt("members_expected")));
        out.put("regularMeetingCoverage", ratio(rs.getInt("branches_with_regular_meeting"), branches));
        out.put("superiorAttendanceRate", ratio(rs.getInt("meetings_with_superior"), meetings));
        out.put("selfCriticismRate", ratio(rs.getInt("meetings_with_self_criticism"), meetings));
        out.put("qualityAverage", ratio(rs.getInt("quality_score_sum"), rs.getInt("meetings_scored")));
        return out;
    }

    private static Double ratio(long part, long whole) {
        return whole <= 0 ? null : (double) part / whole;
    }

    static String camel(String column) {
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char ch : column.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return out.toString();
    }
}
