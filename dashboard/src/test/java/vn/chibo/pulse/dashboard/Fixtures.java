package vn.chibo.pulse.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Figures and settings shared by the dashboard's tests. */
final class Fixtures {

    /** Mid-June 2025 in Hà Tĩnh; the clock keeps ticking from there. */
    static final Instant NOW = Instant.parse("2025-06-15T03:00:00Z");

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
        s.put(DashboardConfig.FULL_REFRESH_MS, 100L);
        s.put(DashboardConfig.HEARTBEAT_MS, 1_000L);
        return s;
    }

    /** Rejections as the streams app counts them: 8 events refused for two reasons. */
    static InMemoryStreams streams() {
        return new InMemoryStreams().rejected("UNKNOWN_BRANCH", 3).rejected("MEMBER_NOT_ACTIVE", 5)
                .rejected("INVALID_JSON", 0);
    }
}
