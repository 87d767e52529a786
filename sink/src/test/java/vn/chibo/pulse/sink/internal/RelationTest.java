package vn.chibo.pulse.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.chibo.pulse.domain.Topics;

class RelationTest {

    @Test
    void monthlyKeyNamesTheDistrictAndTheFirstDayOfTheMonth() {
        assertThat(Relation.DISTRICT_MONTHLY.parseKey("D01|2025-03"))
                .isEqualTo(List.of("D01", LocalDate.of(2025, 3, 1)));
    }

    @Test
    void districtCodeMayItselfContainABar() {
        assertThat(Relation.DISTRICT_YEARLY.parseKey("HT|D01|2024")).isEqualTo(List.of("HT|D01", 2024));
    }

    @Test
    void malformedKeysAreRefused() {
        assertThatThrownBy(() -> Relation.DISTRICT_MONTHLY.parseKey("D01-2025-03")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Relation.DISTRICT_MONTHLY.parseKey("D01|2025-13")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Relation.DISTRICT_YEARLY.parseKey("D01|24")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Relation.DISTRICT_CURRENT.parseKey("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyAggregateTopicFeedsExactlyOneRelation() {
        assertThat(Relation.topics()).containsExactlyInAnyOrder(
                Topics.DISTRICTS, Topics.DISTRICT_CURRENT, Topics.DISTRICT_MONTHLY, Topics.DISTRICT_YEARLY);
        assertThat(Relation.forTopic(Topics.DISTRICT_MONTHLY)).isEqualTo(Relation.DISTRICT_MONTHLY);
    }

    @Test
    void upsertTouchesUpdatedAtOnlyWhenAValueDiffers() {
        String sql = PostgresDialect.upsert(Relation.DISTRICT_YEARLY);
        assertThat(sql).startsWith("INSERT INTO reporting.district_yearly AS t (district_code, year, graded_excellent")
                .contains("ON CONFLICT (district_code, year) DO UPDATE SET graded_excellent = EXCLUDED.graded_excellent")
                .contains("updated_at = EXCLUDED.updated_at")
                .endsWith("WHERE ROW(t.graded_excellent, t.graded_good, t.graded_completed, t.graded_not_completed, "
                        + "t.members_at_risk) IS DISTINCT FROM ROW(EXCLUDED.graded_excellent, EXCLUDED.graded_good, "
                        + "EXCLUDED.graded_completed, EXCLUDED.graded_not_completed, EXCLUDED.members_at_risk)");
        assertThat(PostgresDialect.upsert(Relation.DISTRICTS)).doesNotContain("updated_at");
        assertThat(PostgresDialect.delete(Relation.DISTRICT_MONTHLY))
                .isEqualTo("DELETE FROM reporting.district_monthly WHERE district_code = ? AND month = ?");
    }
}
