package vn.chibo.pulse.streams.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** How far a Streams application's committed offsets are behind the committed end of what it reads. */
public final class GroupLag implements AutoCloseable {
    private final Admin admin;
    private final String groupId;

    public GroupLag(String bootstrap, String groupId) {
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
        this.groupId = groupId;
    }

    /** Records not yet committed as processed, over every partition the group reads (sources and repartition topics). */
    public long lag(String mustInclude) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        if (committed.keySet().stream().noneMatch(tp -> tp.topic().equals(mustInclude))) {
            return Long.MAX_VALUE;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
                .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (var e : committed.entrySet()) {
            lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
        }
        return lag;
    }

    /**
     * Waits until nothing is left to process, seen {@code times} checks in a row {@code every} apart
     * (a record can be on its way between two topics at one check).
     */
    public void awaitIdle(String mustInclude, Duration timeout, Duration every, int times) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int inARow = 0;
        long lag = -1;
        while (System.nanoTime() < deadline) {
            lag = lag(mustInclude);
            inARow = lag == 0 ? inARow + 1 : 0;
            if (inARow >= times) {
                return;
            }
            Thread.sleep(every.toMillis());
        }
        throw new AssertionError("group " + groupId + " did not catch up within " + timeout + " (lag " + lag + ")");
    }

    @Override
    public void close() {
        admin.close();
    }
}
