package vn.chibo.pulse.reconcile.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until the pipeline has caught up with a point of the event log, so that a pipeline that
 * is merely behind is not reported as wrong: the streams app's group has consumed the event
 * topics up to the offsets read, and every internal topic it reads (repartitioned deltas) too,
 * steadily for a while, since the app sends the deltas it added up only at its next commit;
 * then the sink's stored offsets have passed the aggregate topics' ends.
 */
public final class PipelineWatch implements AutoCloseable {

    private static final Duration PAUSE = Duration.ofMillis(200);

    private final Admin admin;
    private final LogProbe probe;
    private final Duration settle;

    /** @param settle how long the streams app must stay caught up before it counts as settled */
    public PipelineWatch(String bootstrap, Duration settle) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "pulse-reconcile-watch");
        this.admin = Admin.create(p);
        this.probe = new LogProbe(bootstrap);
        this.settle = settle;
    }

    /**
     * @return true once the group {@code applicationId} has consumed {@code eventEnds} and all its
     *         internal topics, unchanged for the settle time; false at the deadline
     */
    public boolean awaitStreams(String applicationId, Map<TopicPartition, Long> eventEnds, Instant deadline)
            throws InterruptedException {
        Instant caughtUpSince = null;
        Map<TopicPartition, Long> ends = null;
        while (Instant.now().isBefore(deadline)) {
            Map<TopicPartition, Long> committed = committed(applicationId);
            Map<TopicPartition, Long> now = new HashMap<>(eventEnds);
            now.putAll(probe.endOffsets(committed.keySet().stream().filter(tp -> !eventEnds.containsKey(tp)).toList()));
            if (covered(committed, now)) {
                if (caughtUpSince == null || !now.equals(ends)) {
                    caughtUpSince = Instant.now();
                    ends = now;
                } else if (Duration.between(caughtUpSince, Instant.now()).compareTo(settle) >= 0) {
                    return true;
                }
            } else {
                caughtUpSince = null;
            }
            Thread.sleep(PAUSE.toMillis());
        }
        return false;
    }

    /** The aggregate topics' ends now, to be reached by the sink. */
    public Map<TopicPartition, Long> endOffsets(List<String> topics) {
        return probe.endOffsets(topics);
    }

    /**
     * @param stored the sink's stored next offsets, read again on each try
     * @return true once they cover {@code ends}; false at the deadline
     */
    public boolean awaitSink(Supplier<Map<TopicPartition, Long>> stored, Map<TopicPartition, Long> ends, Instant deadline)
            throws InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            if (covered(stored.get(), ends)) {
                return true;
            }
            Thread.sleep(PAUSE.toMillis());
        }
        return false;
    }

    private boolean covered(Map<TopicPartition, Long> next, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (!probe.nothingBetween(e.getKey(), next.getOrDefault(e.getKey(), 0L), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private Map<TopicPartition, Long> committed(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
            Map<TopicPartition, Long> next = new HashMap<>();
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    next.put(tp, o.offset());
                }
            });
            return next;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of group " + group + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        probe.close();
        admin.close(Duration.ofSeconds(5));
    }
}
