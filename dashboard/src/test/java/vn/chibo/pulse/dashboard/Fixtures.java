package vn.chibo.pulse.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;

/** Figures and settings shared by the dashboard's tests. */
final class Fixtures {

    /** Mid-June 2025 in Hà Tĩnh; the clock keeps ticking from there. */
    static final Instant NOW = Instant.parse("2025-06-15T03:00:00Z");
    static final YearMonth THIS_MONTH = YearMonth.of(2025, 6);

    private Fixtures() {}

    static Clock clock() {
        Clock system = Clock.systemUTC();
        return Clock.offset(system, Duration.between(system.instant(), NOW));
    }

    static Map<String, Object> settings() {
        Map<String, Object> s = new HashMap<>();
        s.put(DashboardConfig.BIND_HOST, "127.0.0.1");
        s.put(DashboardConfig.PORT, 0);
        s.put(DashboardConfig.POLL_INTERVAL_MS, 100L);
        s.put(DashboardConfig.FULL_REFRESH_MS, 60_000L);
        s.put(DashboardConfig.HEARTBEAT_MS, 1_000L);
        return s;
    }

    static DashboardConfig config() {
        return new DashboardConfig(settings());
    }

    static MonthlyFigures month(String district, YearMonth month, int admissions, int transfersIn, int transfersOut,
                                int regular, int thematic, int branchesMet, int expected, int present, int superior) {
        return new MonthlyFigures(district, month, admissions, 0, transfersIn, transfersOut, 0, 0, 0, regular,
                thematic, branchesMet, expected, present, superior, regular / 2);
    }

    /** Two districts of Hà Tĩnh with figures for this month, the month before and the year. */
    static InMemoryAggregates twoDistricts() {
        InMemoryAggregates a = new InMemoryAggregates();
        a.district("D07", "Huyện Đức Thọ");
        a.district("D02", "Huyện Can Lộc");
        a.current(new DistrictTotals("D07", 8_120, 7_802, 318, 5_010, 1_200, 1_910, 120, 30, 45));
        a.current(new DistrictTotals("D02", 9_340, 8_911, 429, 6_100, 900, 2_340, 140, 22, 51));
        a.monthly(month("D07", THIS_MONTH, 12, 3, 1, 140, 9, 131, 4_000, 3_720, 40));
        a.monthly(month("D02", THIS_MONTH, 15, 2, 4, 150, 11, 149, 4_600, 4_370, 52));
        a.monthly(month("D07", THIS_MONTH.minusMonths(1), 9, 1, 2, 138, 7, 128, 3_900, 3_500, 33));
        a.monthly(month("D07", THIS_MONTH.minusMonths(12), 99, 9, 9, 99, 9, 99, 999, 900, 9));
        a.yearly(new YearlyFigures("D07", 2025, 0, 0, 0, 0, 6));
        a.yearly(new YearlyFigures("D02", 2025, 0, 0, 0, 0, 4));
        a.yearly(new YearlyFigures("D02", 2024, 1_200, 5_000, 2_800, 90, 17));
        a.rejected("UNKNOWN_BRANCH", 3);
        a.rejected("MEMBER_NOT_ACTIVE", 5);
        a.rejected("INVALID_JSON", 0);
        return a;
    }
}
