package vn.chibo.pulse.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.chibo.pulse.domain.AggregateKeys;
import vn.chibo.pulse.domain.Topics;

class RelationTest {

    @Test
    void monthlyKeyNamesTheBranchAndTheFirstDayOfTheMonth() {
        assertThat(Relation.BRANCH_MONTHLY.parseKey("B01|2025-03"))
                .isEqualTo(List.of("B01", LocalDate.of(2025, 3, 1)));
    }

    @Test
    void branchIdMayItselfContainABar() {
        assertThat(Relation.BRANCH_YEARLY.parseKey("HT|B01|2024")).isEqualTo(List.of("HT|B01", 2024));
    }

    @Test
    void transferKeyNamesBothSidesAndTheMonthAnAbsentSideBeingNull() {
        assertThat(Relation.BRANCH_TRANSFERS.parseKey(AggregateKeys.transfers("B|1", "B2", YearMonth.of(2025, 7))))
                .isEqualTo(List.of("B|1", "B2", LocalDate.of(2025, 7, 1)));
        assertThat(Relation.BRANCH_TRANSFERS.parseKey(AggregateKeys.transfers(null, "B2", YearMonth.of(2025, 7))))
                .isEqualTo(Arrays.asList(null, "B2", LocalDate.of(2025, 7, 1)));
        assertThat(Relation.BRANCH_TRANSFERS.keyColumns()).containsExactly("from_branch_id", "to_branch_id", "month");
        assertThat(Relation.BRANCH_TRANSFERS.valueColumns()).containsExactly("transfers");
    }

    @Test
    void malformedKeysAreRefused() {
        assertThatThrownBy(() -> Relation.BRANCH_MONTHLY.parseKey("B01-2025-03")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Relation.BRANCH_MONTHLY.parseKey("B01|2025-13")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Relation.BRANCH_YEARLY.parseKey("B01|24")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Relation.BRANCH_CURRENT.parseKey("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Relation.BRANCH_TRANSFERS.parseKey(AggregateKeys.transfers(null, null, YearMonth.of(2025, 7))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Relation.BRANCH_TRANSFERS.parseKey(AggregateKeys.composite("B1", "B2", "July")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Relation.BRANCH_TRANSFERS.parseKey("B1|B2|2025-07")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyAggregateTopicFeedsExactlyOneRelation() {
        assertThat(Relation.topics()).containsExactlyInAnyOrder(Topics.DISTRICTS, Topics.COMMUNES, Topics.BRANCHES,
                Topics.BRANCH_CURRENT, Topics.BRANCH_MONTHLY, Topics.BRANCH_YEARLY, Topics.BRANCH_TRANSFERS);
        assertThat(Relation.forTopic(Topics.BRANCH_MONTHLY)).isEqualTo(Relation.BRANCH_MONTHLY);
    }

    @Test
    void columnsFollowTheAvroSchemaOfTheTopic() {
        assertThat(Relation.COMMUNES.keyColumns()).containsExactly("commune_code");
        assertThat(Relation.COMMUNES.valueColumns()).containsExactly("commune_name", "district_code");
        assertThat(Relation.BRANCHES.valueColumns()).containsExactly("branch_name", "commune_code", "kind");
        assertThat(Relation.BRANCH_CURRENT.valueColumns())
                .containsExactly("members_active", "members_official", "members_probationary", "members_exempted");
        assertThat(Relation.BRANCH_MONTHLY.keyColumns()).containsExactly("branch_id", "month");
        assertThat(Relation.BRANCH_MONTHLY.valueColumns()).contains("meetings_scored", "quality_score_sum",
                "meetings_good", "meetings_fair", "meetings_average", "meetings_poor")
                .doesNotContain("branches_with_regular_meeting");
    }

    @Test
    void upsertTouchesUpdatedAtOnlyWhenAValueDiffers() {
        String sql = PostgresDialect.upsert(Relation.BRANCH_YEARLY);
        assertThat(sql).startsWith("INSERT INTO reporting.branch_yearly AS t (branch_id, year, graded_excellent")
                .contains("ON CONFLICT (branch_id, year) DO UPDATE SET graded_excellent = EXCLUDED.graded_excellent")
                .contains("updated_at = EXCLUDED.updated_at")
                .endsWith("WHERE ROW(t.graded_excellent, t.graded_good, t.graded_completed, t.graded_not_completed, "
                        + "t.members_at_risk) IS DISTINCT FROM ROW(EXCLUDED.graded_excellent, EXCLUDED.graded_good, "
                        + "EXCLUDED.graded_completed, EXCLUDED.graded_not_completed, EXCLUDED.members_at_risk)");
        assertThat(PostgresDialect.upsert(Relation.DISTRICTS)).doesNotContain("updated_at");
        assertThat(PostgresDialect.delete(Relation.BRANCH_MONTHLY))
                .isEqualTo("DELETE FROM reporting.branch_monthly WHERE branch_id = ? AND month = ?");
    }
}
