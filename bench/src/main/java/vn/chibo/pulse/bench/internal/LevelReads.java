package vn.chibo.pulse.bench.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost of the levels after a replay (SPEC v2): figures are kept per branch and the commune,
 * district and province relations add the branches up when read, so each level is read whole, once,
 * as an analyst would, and timed; the members counted at branch, commune and province level must
 * agree; and the branch figures and the tree take their room in PostgreSQL.
 */
public final class LevelReads {
    /** The relations read, from the province down to the branches. */
    static final List<String> RELATIONS = List.of("province_current", "district_current", "commune_current", "branch_current",
            "district_monthly", "commune_monthly", "branch_monthly", "district_yearly", "commune_yearly", "branch_yearly");
    /** The tables the sink writes: the branch figures and the tree. */
    private static final List<String> TABLES = List.of("branch_current", "branch_monthly", "branch_yearly", "branch_transfers",
            "branches", "communes", "districts");
    /** Rows fetched at a time: the branch relations are too large to hold whole in the bench's heap. */
    private static final int FETCH = 10_000;

    /** One relation read whole: its rows, in how long. */
    public record Read(String relation, long rows, double seconds) {}

    /** Every read, the active members summed at each level, and the bytes of the tables the sink writes. */
    public record Result(List<Read> reads, long branchMembers, long communeMembers, long provinceMembers, long tableBytes) {
        public boolean levelsAgree() {
            return branchMembers == communeMembers && communeMembers == provinceMembers;
        }
    }

    private LevelReads() {}

    public static Result measure(Connection pg) throws SQLException {
        boolean autoCommit = pg.getAutoCommit();
        pg.setAutoCommit(false); // a cursor, so that rows come FETCH at a time
        try {
            List<Read> reads = new ArrayList<>();
            for (String relation : RELATIONS) {
                reads.add(read(pg, relation));
            }
            return new Result(reads, number(pg, "SELECT sum(members_active) FROM reporting.branch_current"),
                    number(pg, "SELECT sum(members_active) FROM reporting.commune_current"),
                    number(pg, "SELECT members_active FROM reporting.province_current"),
                    number(pg, "SELECT sum(pg_total_relation_size(('reporting.' || t)::regclass)) FROM unnest(ARRAY['"
                            + String.join("','", TABLES) + "']) t"));
        } finally {
            pg.commit();
            pg.setAutoCommit(autoCommit);
        }
    }

    private static Read read(Connection pg, String relation) throws SQLException {
        long rows = 0;
        long t0 = System.nanoTime();
        try (Statement s = pg.createStatement()) {
            s.setFetchSize(FETCH);
            try (ResultSet rs = s.executeQuery("SELECT * FROM reporting." + relation)) {
                while (rs.next()) {
                    rows++;
                }
            }
        }
        return new Read(relation, rows, (System.nanoTime() - t0) / 1e9);
    }

    private static long number(Connection pg, String sql) throws SQLException {
        try (Statement s = pg.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
