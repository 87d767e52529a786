package vn.chibo.pulse.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.chibo.pulse.producers.simulator.EventGenerator;
import vn.chibo.pulse.producers.simulator.ProvinceSimulator;
import vn.chibo.pulse.producers.simulator.Shape;

/**
 * Issue 13, through the real pipeline: a year of the Hà Tĩnh-shaped province reorganised in its
 * middle as on 1 July 2025 (communes merged, districts gone, all as reference upserts). Afterwards
 * the board and the analysts see 69 communes directly under the province, each with a monthly trend
 * that runs through the reorganisation without a break (its branches brought their history), no
 * district, and reconcile's independent reading of the whole log agrees with every relation.
 */
class ReorganisedProvinceKeepsItsTrendTest {

    private static final LocalDate UNTIL = LocalDate.of(2026, 11, 30);
    private static final LocalDate START = UNTIL.minusYears(1).plusDays(1);
    private static final LocalDate REORGANISED_ON = LocalDate.of(2026, 6, 1);

    @TempDir
    Path dir;

    @Test
    void aYearReorganisedInItsMiddleEndsWith69CommunesWhoseTrendRunsThroughTheDate() throws Exception {
        try (InProcessPipeline pipeline = new InProcessPipeline(dir, 30_000)) {
            publishYear(pipeline);

            InProcessPipeline.Run run = pipeline.reconcile("--timeout", "600");
            assertThat(run.status()).as("reconcile after the reorganisation:\n%s%s", run.out(), run.err()).isZero();

            try (Connection pg = pipeline.database.connect(); Statement s = pg.createStatement()) {
                assertThat(count(s, "SELECT count(*) FROM reporting.commune_current c JOIN reporting.communes u USING (commune_code) "
                        + "WHERE u.district_code IS NULL")).as("communes holding branches, all directly under the province").isEqualTo(69);
                assertThat(count(s, "SELECT count(*) FROM reporting.commune_current")).isEqualTo(69);
                assertThat(count(s, "SELECT count(*) FROM reporting.district_current")).as("no district holds a branch").isZero();
                assertThat(count(s, "SELECT count(DISTINCT commune_code) FROM reporting.commune_monthly"))
                        .as("the months before the date belong to the 69 communes too, not to the merged ones they came from")
                        .isEqualTo(69);

                Map<String, Integer> monthsWithMeetings = new TreeMap<>();
                try (ResultSet rs = s.executeQuery("SELECT commune_code, count(*) FROM reporting.commune_monthly "
                        + "WHERE branches_with_regular_meeting > 0 GROUP BY commune_code")) {
                    while (rs.next()) {
                        monthsWithMeetings.put(rs.getString(1), rs.getInt(2));
                    }
                }
                assertThat(monthsWithMeetings).as("months with a regular meeting, per commune of the final tree").hasSize(69);
                assertThat(monthsWithMeetings.values()).as("every one of the 12 months, before the date as after it")
                        .allMatch(months -> months == 12);

                Map<LocalDate, Long> regular = new TreeMap<>();
                try (ResultSet rs = s.executeQuery("SELECT month, sum(regular_meetings) FROM reporting.commune_monthly GROUP BY month")) {
                    while (rs.next()) {
                        regular.put(rs.getObject(1, LocalDate.class), rs.getLong(2));
                    }
                }
                long before = regular.get(REORGANISED_ON.minusMonths(1));
                long after = regular.get(REORGANISED_ON);
                assertThat((double) Math.abs(after - before) / before)
                        .as("regular meetings in the province, the month before (%d) and the month of the reorganisation (%d)", before, after)
                        .isLessThan(0.05);
            }
        }
    }

    private static void publishYear(InProcessPipeline pipeline) throws Exception {
        ProvinceSimulator simulator = ProvinceSimulator.haTinh(42L, START, ProvinceSimulator.DEFAULT_DUPLICATE_RATE,
                ProvinceSimulator.DEFAULT_INVALID_RATE, Shape.DISTRICTS, REORGANISED_ON);
        pipeline.publishAll(EventGenerator.until(simulator, UNTIL).iterator());
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
