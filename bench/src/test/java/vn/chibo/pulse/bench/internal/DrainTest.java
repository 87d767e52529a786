package vn.chibo.pulse.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DrainTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @Test
    void aTopicOfAPlainProducerIsReadOnlyAtItsEnd() {
        assertThat(Drain.behind(TP, 100, Map.of(TP, 100L), Map.of(TP, 100L), true)).isZero();
        assertThat(Drain.behind(TP, 99, Map.of(TP, 100L), Map.of(TP, 100L), true)).isEqualTo(1);
    }

    @Test
    void aTransactionalTopicIsReadWhenOnlyTheLastCommitMarkerIsLeft() {
        assertThat(Drain.behind(TP, 99, Map.of(TP, 100L), Map.of(TP, 100L), false)).isZero();
        assertThat(Drain.behind(TP, 98, Map.of(TP, 100L), Map.of(TP, 100L), false)).isEqualTo(2);
    }

    @Test
    void anOpenTransactionIsNotMistakenForAMarker() {
        // last stable offset 90 < end 100: records 90..99 are in a transaction not yet committed
        assertThat(Drain.behind(TP, 99, Map.of(TP, 100L), Map.of(TP, 90L), false)).isEqualTo(1);
    }

    @Test
    void anEmptyPartitionIsNeverBehind() {
        assertThat(Drain.behind(TP, 0, Map.of(), Map.of(), true)).isZero();
    }
}
