package vn.chibo.pulse.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import vn.chibo.pulse.aggregates.BranchCurrent;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.domain.Topics;

class BatchTest {

    @Test
    void repeatedKeysCollapseToTheLastChangeConsumed() {
        Batch batch = new Batch(List.of(
                upsert(0, 0, "D01", 10),
                upsert(0, 1, "D02", 5),
                upsert(0, 2, "D01", 11),
                delete(0, 3, "D02"),
                upsert(0, 4, "D01", 12)));

        assertThat(batch.collapsed()).hasSize(2);
        assertThat(batch.collapsed()).anySatisfy(c -> {
            assertThat(c).isInstanceOf(Change.Upsert.class);
            assertThat(((BranchCurrent) ((Change.Upsert) c).value()).getMembersActive()).isEqualTo(12);
        });
        assertThat(batch.collapsed()).anySatisfy(c -> {
            assertThat(c).isInstanceOf(Change.Delete.class);
            assertThat(c.row().values()).containsExactly("D02");
        });
    }

    @Test
    void aTombstoneFollowedByAValueLeavesTheValue() {
        Batch batch = new Batch(List.of(delete(0, 7, "D01"), upsert(0, 8, "D01", 3)));
        assertThat(batch.collapsed()).singleElement().isInstanceOf(Change.Upsert.class);
    }

    @Test
    void undecodableRecordsDoNotTakePartInCollapsingButMoveTheOffsetOn() {
        AggregateDecoder.Decoded bad = new AggregateDecoder.Decoded(record(1, 41, "D09"), null,
                Rejection.of(RejectionReason.UNDESERIALIZABLE, "garbage"));
        Batch batch = new Batch(List.of(upsert(0, 5, "D01", 1), bad));

        assertThat(batch.collapsed()).hasSize(1);
        assertThat(batch.undecodable()).containsExactly(bad);
        assertThat(batch.nextOffsets()).isEqualTo(Map.of(
                new TopicPartition(Topics.BRANCH_CURRENT, 0), 6L,
                new TopicPartition(Topics.BRANCH_CURRENT, 1), 42L));
    }

    static AggregateDecoder.Decoded upsert(int partition, long offset, String code, int members) {
        BranchCurrent value = BranchCurrent.newBuilder().setBranchId(code).setMembersActive(members).build();
        return new AggregateDecoder.Decoded(record(partition, offset, code),
                new Change.Upsert(new RowKey(Relation.BRANCH_CURRENT, List.of(code)), value), null);
    }

    static AggregateDecoder.Decoded delete(int partition, long offset, String code) {
        return new AggregateDecoder.Decoded(record(partition, offset, code),
                new Change.Delete(new RowKey(Relation.BRANCH_CURRENT, List.of(code))), null);
    }

    static ConsumerRecord<byte[], byte[]> record(int partition, long offset, String key) {
        return new ConsumerRecord<>(Topics.BRANCH_CURRENT, partition, offset, key.getBytes(), new byte[] {1});
    }
}
