package vn.chibo.pulse.dashboard.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the watch list of a unit from the branch relations, in the tree as it is now. The month is
 * any month the board picks, so it reads reporting.branch_monthly rather than
 * reporting.branches_without_regular_meeting, which holds only the last 12 months from today.
 */
final class WatchListQuery {

    private static final String SQL = """
            select t.branch_id, t.branch_name, t.kind, t.commune_code, c.commune_name, t.district_code, d.district_name,
                   coalesce(m.regular_meetings, 0) as regular_meetings, coalesce(m.meetings_poor, 0) as meetings_poor,
                   coalesce(q.thematic_meetings, 0) as thematic_meetings, coalesce(y.members_at_risk, 0) as members_at_risk
            from reporting.branch_tree t
            join reporting.communes c on c.commune_code = t.commune_code
            left join reporting.districts d on d.district_code = t.district_code
            left join reporting.branch_monthly m on m.branch_id = t.branch_id and m.month = ?
            left join (select branch_id, sum(thematic_meetings)::integer as thematic_meetings
                       from reporting.branch_monthly where month between ? and ? group by branch_id) q
                   on q.branch_id = t.branch_id
            left join reporting.branch_yearly y on y.branch_id = t.branch_id and y.year = ?
            where %s
            """;

    private WatchListQuery() {}

    static WatchList read(Connection c, Level level, String code, YearMonth month) throws SQLException {
        YearMonth quarterStart = month.withMonth((month.getMonthValue() - 1) / 3 * 3 + 1);
        List<WatchList.Entry> entries = new ArrayList<>();
        int branches = 0;
        try (PreparedStatement s = c.prepareStatement(SQL.formatted(scope(level)))) {
            s.setObject(1, month.atDay(1));
            s.setObject(2, quarterStart.atDay(1));
            s.setObject(3, quarterStart.plusMonths(2).atDay(1));
            s.setInt(4, month.getYear());
            if (level != Level.PROVINCE) {
                s.setString(5, code);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    branches++;
                    WatchList.Entry e = new WatchList.Entry(rs.getString("branch_id"), rs.getString("branch_name"),
                            rs.getString("kind"), rs.getString("commune_code"), rs.getString("commune_name"),
                            rs.getString("district_code"), rs.getString("district_name"), rs.getInt("regular_meetings"),
                            rs.getInt("thematic_meetings"), rs.getInt("meetings_poor"), rs.getInt("members_at_risk"));
                    if (e.noRegularMeeting() || e.noThematicMeetingInQuarter() || e.meetingsPoor() > 0
                            || e.membersAtRisk() > 0) {
                        entries.add(e);
                    }
                }
            }
        }
        entries.sort(Comparator.comparing(WatchList.Entry::communeName, VietnameseOrder.DISTRICTS)
                .thenComparing(WatchList.Entry::branchName, VietnameseOrder.DISTRICTS)
                .thenComparing(WatchList.Entry::branchId));
        return new WatchList(month.getYear() + "-Q" + ((month.getMonthValue() - 1) / 3 + 1), branches,
                List.copyOf(entries));
    }

    /** The branches under the unit, in the tree as it is now. */
    private static String scope(Level level) {
        return switch (level) {
            case PROVINCE -> "true";
            case DISTRICT -> "t.district_code = ?";
            case COMMUNE -> "t.commune_code = ?";
            case BRANCH -> "t.branch_id = ?";
        };
    }
}
