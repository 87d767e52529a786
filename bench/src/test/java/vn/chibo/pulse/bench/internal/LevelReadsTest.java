package vn.chibo.pulse.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The levels read after a replay, on the machine's PostgreSQL with the reporting schema the naive peer fills. */
class LevelReadsTest {
    private static final String URL = Optional.ofNullable(System.getenv("PULSE_TEST_PG_URL"))
            .orElse("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    @Test
    void everyLevelIsReadWholeAndItsMembersAgreeWithTheBranches() throws SQLException {
        Databases server = new Databases(URL, null, null);
        String db = "bench_levels_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        server.recreate(db);
        try {
            NaivePeer.install(server, db);
            try (Connection c = server.connect(db); PreparedStatement apply = NaivePeer.prepare(c)) {
                for (String event : new String[] {
                    "{\"type\":\"District\",\"eventId\":\"d1\",\"code\":\"D1\",\"name\":\"Huyện Một\"}",
                    "{\"type\":\"Commune\",\"eventId\":\"c1\",\"code\":\"C1\",\"name\":\"Xã Một\",\"districtCode\":\"D1\"}",
                    "{\"type\":\"Commune\",\"eventId\":\"c2\",\"code\":\"C2\",\"name\":\"Phường Hai\",\"districtCode\":null}",
                    "{\"type\":\"Branch\",\"eventId\":\"b1\",\"id\":\"B1\",\"name\":\"Thôn 1\",\"communeCode\":\"C1\",\"kind\":\"VILLAGE\"}",
                    "{\"type\":\"Branch\",\"eventId\":\"b2\",\"id\":\"B2\",\"name\":\"Tổ 2\",\"communeCode\":\"C2\",\"kind\":\"STREET_GROUP\"}",
                    "{\"type\":\"MemberAdmitted\",\"eventId\":\"e1\",\"memberId\":\"M1\",\"branchId\":\"B1\",\"date\":\"2025-03-01\"}",
                    "{\"type\":\"MemberAdmitted\",\"eventId\":\"e2\",\"memberId\":\"M2\",\"branchId\":\"B2\",\"date\":\"2025-03-01\"}"}) {
                    apply.setString(1, event);
                    apply.executeQuery().close();
                }
                LevelReads.Result levels = LevelReads.measure(c);
                assertThat(levels.reads()).extracting(LevelReads.Read::relation).containsExactlyElementsOf(LevelReads.RELATIONS);
                assertThat(levels.reads()).filteredOn(r -> r.relation().equals("commune_monthly"))
                        .singleElement().satisfies(r -> assertThat(r.rows()).isEqualTo(2));
                assertThat(levels.reads()).filteredOn(r -> r.relation().equals("district_current"))
                        .singleElement().satisfies(r -> assertThat(r.rows()).as("C2 is in no district").isEqualTo(1));
                assertThat(levels.levelsAgree()).isTrue();
                assertThat(levels.provinceMembers()).isEqualTo(2);
                assertThat(levels.tableBytes()).isPositive();
                assertThat(c.getAutoCommit()).as("left as it was").isTrue();
            }
        } finally {
            try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }
}
