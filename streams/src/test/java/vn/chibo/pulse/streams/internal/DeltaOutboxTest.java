package vn.chibo.pulse.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import vn.chibo.pulse.events.Grade;
import vn.chibo.pulse.events.MemberStatus;

/**
 * Processors add up their aggregate deltas per aggregate key for one interval before they send them
 * to the aggregating task: the aggregates are the same, with far fewer internal records.
 */
class DeltaOutboxTest extends OnTheSmallProvince {
    private static final String MEMBER_MONTHLY = "pulse-test-branch-monthly-deltas-0-repartition";
    private static final String MEMBER_YEARLY = "pulse-test-branch-yearly-deltas-0-repartition";
    private static final String BRANCH_CURRENT = "pulse-test-branch-current-deltas-0-repartition";

    @BeforeEach
    void forgetTheBranchesOwnRecords() {
        d.internalRecords(BRANCH_CURRENT); // forget the branches' own records
    }

    @Test
    void deltasOfOneIntervalGoOutAsOneRecordPerAggregateKey() {
        d.sendTogether(
                d.admitted("M1", "B1", "2025-03-01"), d.admitted("M2", "B1", "2025-03-02"), d.admitted("M3", "B2", "2025-03-03"),
                d.admitted("M4", "B3", "2025-03-04"), d.admitted("M5", "B1", "2025-04-01"));

        assertThat(d.month("D1", "2025-03").getAdmissions()).isEqualTo(3);
        assertThat(d.month("D2", "2025-03").getAdmissions()).isEqualTo(1);
        assertThat(d.month("D1", "2025-04").getAdmissions()).isEqualTo(1);
        assertThat(d.current("D1").getMembersActive()).isEqualTo(4);
        assertThat(d.internalRecords(MEMBER_MONTHLY)).as("B1|2025-03, B2|2025-03, B3|2025-03, B1|2025-04").hasSize(4);
        assertThat(d.internalRecords(BRANCH_CURRENT)).as("one per branch").hasSize(3);
    }

    @Test
    void deltasThatCancelOutSendNothing() {
        d.send(d.registered("M1", "B1", MemberStatus.OFFICIAL, "2020-01-01"));
        d.send(d.classified("M1", 2024, Grade.GOOD));
        d.internalRecords(MEMBER_YEARLY);

        d.sendTogether(d.classified("M1", 2024, Grade.EXCELLENT), d.classified("M1", 2024, Grade.GOOD));

        assertThat(d.internalRecords(MEMBER_YEARLY)).isEmpty();
        assertThat(d.year("D1", 2024).getGradedGood()).isEqualTo(1);
        assertThat(d.year("D1", 2024).getGradedExcellent()).isZero();
    }

    @Test
    void heldDeltasAreInTheTasksStoreUntilSent() {
        d.sendWithoutTime(d.admitted("M1", "B1", "2025-03-01"));
        d.sendWithoutTime(d.admitted("M2", "B1", "2025-03-09"));

        assertThat(d.<byte[]>store(StoreNames.MEMBER_DELTAS).get("mB1|2025-03")).as("held, in a changelogged store").isNotNull();
        assertThat(d.storedMonth("B1", "2025-03")).as("not sent yet").isNull();

        d.advance(TopologySettings.DEFAULT_DELTA_INTERVAL);
        assertThat(d.month("D1", "2025-03").getAdmissions()).isEqualTo(2);
        assertThat(d.<byte[]>store(StoreNames.MEMBER_DELTAS).get("mB1|2025-03")).isNull();
    }
}
