package vn.chibo.pulse.dashboard;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test of the board over {@link SmallProvince the small province in PostgreSQL}: created once for the test
 * class (a database of its own) and dropped after it; {@link #board} starts a real server on it.
 */
abstract class BoardOnTheSmallProvince {
    static SmallProvince province;

    @BeforeAll
    static void createProvince() throws Exception {
        province = SmallProvince.create();
    }

    @AfterAll
    static void dropProvince() throws Exception {
        if (province != null) {
            province.close();
        }
    }

    /**
     * A board on the province, reading rejections from {@code streams}, with the settings {@code more} (name, value,
     * name, value, …) added to or overriding the province's.
     */
    static DashboardServer board(InMemoryStreams streams, Object... more) {
        Map<String, Object> settings = province.settings();
        for (int i = 0; i < more.length; i += 2) {
            settings.put((String) more[i], more[i + 1]);
        }
        return DashboardServer.start(new DashboardConfig(settings), streams, Fixtures.clock());
    }
}
