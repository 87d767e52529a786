package vn.chibo.pulse.dashboard.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The analysts' PostgreSQL, where the board's figures come from: the reporting views that add up
 * branches into communes, districts and the province in the tree as it is now (SPEC §4). Reads
 * only, so a role in pulse_analyst is enough.
 */
public final class ReportingDatabase {

    /** The tables the sink writes: any change to the figures or the tree changes one of them. */
    private static final List<String> WRITTEN = List.of("branch_current", "branch_monthly", "branch_yearly",
            "branch_transfers", "branches", "communes");

    /** PostgreSQL's SQLSTATEs for a table or a schema that does not exist. */
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String INVALID_SCHEMA = "3F000";

    /**
     * When the written tables last changed and how many rows they hold: a row whose counts fall to
     * zero may be deleted, which moves no updated_at but does move the count.
     */
    public record Changes(Instant lastChanged, long rows) {}

    private final String url;
    private final Properties properties = new Properties();

    public ReportingDatabase(String url, String user, String password) {
        this.url = url;
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        // A database that does not answer must not hold up the page: give up quickly.
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "10");
        properties.setProperty("loginTimeout", "3");
        properties.setProperty("ApplicationName", "pulse-dashboard");
        properties.setProperty("readOnly", "true");
    }

    public Changes changes() throws SQLException {
        StringBuilder sql = new StringBuilder("select greatest(");
        for (int i = 0; i < WRITTEN.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(select max(updated_at) from reporting.").append(WRITTEN.get(i)).append(')');
        }
        sql.append("), (select count(*) from reporting.districts)");
        for (String table : WRITTEN) {
            sql.append(" + (select count(*) from reporting.").append(table).append(')');
        }
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql.toString());
             ResultSet rs = s.executeQuery()) {
            rs.next();
            Timestamp at = rs.getTimestamp(1);
            return new Changes(at == null ? null : at.toInstant(), rs.getLong(2));
        }
    }

    /**
     * The last run of {@code ./pulse reconcile} (docs/reconcile.md), or empty when none was recorded:
     * reconcile creates its table on its first run, so a missing table means it never ran.
     */
    public Optional<Snapshot.Reconciliation> lastReconciliation() throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "select started_at, finished_at, agreed, differences, cells_checked, events_read, note"
                        + " from pulse_reconcile.runs order by finished_at desc, id desc limit 1");
             ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new Snapshot.Reconciliation(rs.getTimestamp(1).toInstant().toString(),
                    rs.getTimestamp(2).toInstant().toString(), rs.getObject(3, Boolean.class), rs.getLong(4),
                    rs.getLong(5), rs.getLong(6), rs.getString(7)));
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState()) || INVALID_SCHEMA.equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * A unit in a month with the units just below it, or empty when the tree has no such unit or it
     * holds no branch (a unit with nothing does not appear). The province's code is "".
     */
    public Optional<UnitView> view(Level level, String code, YearMonth month, int trendMonths) throws SQLException {
        try (Connection c = connect()) {
            Optional<List<UnitView.Step>> path = path(c, level, code);
            if (path.isEmpty()) {
                return Optional.empty();
            }
            List<UnitView.Row> self = rows(c, level, "code", level == Level.PROVINCE ? "" : code, month);
            if (self.isEmpty()) {
                return Optional.empty();
            }
            UnitView.Row unit = self.get(0);
            List<UnitView.Row> children = new ArrayList<>();
            switch (level) {
                case PROVINCE -> {
                    children.addAll(rows(c, Level.DISTRICT, "parent", null, month));
                    children.addAll(rows(c, Level.COMMUNE, "parent", null, month));
                }
                case DISTRICT -> children.addAll(rows(c, Level.COMMUNE, "parent", code, month));
                case COMMUNE -> children.addAll(rows(c, Level.BRANCH, "parent", code, month));
                case BRANCH -> { }
            }
            int branches = (Integer) unit.current().get("branches");
            return Optional.of(new UnitView(unit, path.get(), month.toString(), month.getYear(), hasDistricts(c),
                    trend(c, level, unit.code(), month, trendMonths, branches), List.copyOf(children),
                    WatchListQuery.read(c, level, unit.code(), month)));
        }
    }

    /** The units above, province first, then the unit itself; empty when the unit is not in the tree. */
    private static Optional<List<UnitView.Step>> path(Connection c, Level level, String code) throws SQLException {
        List<UnitView.Step> path = new ArrayList<>();
        Level l = level;
        String at = code;
        while (l != Level.PROVINCE) {
            String parent;
            try (PreparedStatement s = c.prepareStatement("select name, parent from " + l.units + " u where code = ?")) {
                s.setString(1, at);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    path.add(0, new UnitView.Step(l.id(), at, rs.getString(1)));
                    parent = rs.getString(2);
                }
            }
            l = l == Level.BRANCH ? Level.COMMUNE : l == Level.COMMUNE && parent != null ? Level.DISTRICT : Level.PROVINCE;
            at = parent;
        }
        path.add(0, new UnitView.Step(Level.PROVINCE.id(), "", null));
        return Optional.of(path);
    }

    /** Units of a level whose {@code column} (code or parent) is {@code value}, with their figures of the month. */
    private static List<UnitView.Row> rows(Connection c, Level level, String column, String value, YearMonth month)
            throws SQLException {
        String sql = "select u.code, u.name, u.kind, " + FigureColumns.select("cur", FigureColumns.CURRENT) + ", "
                + FigureColumns.select("mon", FigureColumns.MONTHLY) + ", "
                + FigureColumns.select("yr", FigureColumns.YEARLY)
                + " from " + level.units + " u"
                // an inner join: a unit without branches has no current row and does not appear
                + " join " + level.current + " cur on cur.unit = u.code"
                + " left join " + level.monthly + " mon on mon.unit = u.code and mon.month = ?"
                + " left join " + level.yearly + " yr on yr.unit = u.code and yr.year = ?"
                + " where u." + column + " is not distinct from ?";
        List<UnitView.Row> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, month.atDay(1));
            s.setInt(2, month.getYear());
            s.setString(3, value);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> current = FigureColumns.current(rs);
                    out.add(new UnitView.Row(level.id(), rs.getString("code"), rs.getString("name"),
                            rs.getString("kind"), current,
                            FigureColumns.month(rs, month.toString(), (Integer) current.get("branches")),
                            FigureColumns.read(rs, FigureColumns.YEARLY)));
                }
            }
        }
        // In the order a province lists its units; the code breaks ties.
        out.sort(Comparator.comparing(UnitView.Row::name, VietnameseOrder.DISTRICTS).thenComparing(UnitView.Row::code));
        return out;
    }

    /** The unit's months up to {@code to}, one entry each, zeros where it has no row. */
    private static List<Map<String, Object>> trend(Connection c, Level level, String code, YearMonth to, int months,
                                                   int branches) throws SQLException {
        String sql = "select to_char(m.month, 'YYYY-MM') as ym, " + FigureColumns.select("mon", FigureColumns.MONTHLY)
                + " from generate_series(?::date, ?::date, interval '1 month') as m(month)"
                + " left join " + level.monthly + " mon on mon.month = m.month::date and mon.unit = ?"
                + " order by m.month";
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, to.minusMonths(months - 1L).atDay(1));
            s.setObject(2, to.atDay(1));
            s.setString(3, code);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(FigureColumns.month(rs, rs.getString("ym"), branches));
                }
            }
        }
        return out;
    }

    /** Whether the province still has district-level units (SPEC §1: since July 2025 many have none). */
    private static boolean hasDistricts(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select exists (select 1 from reporting.district_current)");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public String toString() {
        int q = url.indexOf('?'); // the URL's query may carry a password: keep it out of the log
        return "PostgreSQL at " + (q < 0 ? url : url.substring(0, q));
    }
}
