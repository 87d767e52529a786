package vn.chibo.pulse.bench.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;

import vn.chibo.pulse.domain.Topics;

/**
 * What the pipeline wrote to Kafka, per kind of topic: records (end offsets, commit markers
 * included: they are writes too) and bytes on disk. The raw limit writes each event once; the
 * pipeline writes it, then its repartitions, its state changelogs and its outputs.
 */
public final class KafkaWrites {
    public record Volume(long records, long bytes) {}

    static final List<String> KINDS = List.of("events", "repartition topics", "changelog topics", "aggregate topics", "other");

    private KafkaWrites() {}

    static String kindOf(String topic, String appId) {
        if (topic.equals(Topics.REFERENCE) || topic.equals(Topics.MEMBER_EVENTS) || topic.equals(Topics.MEETING_EVENTS)) {
            return "events";
        }
        if (topic.startsWith(appId + "-") && topic.endsWith("-repartition")) {
            return "repartition topics";
        }
        if (topic.startsWith(appId + "-") && topic.endsWith("-changelog")) {
            return "changelog topics";
        }
        if (Topics.AGGREGATES.contains(topic)) {
            return "aggregate topics";
        }
        return "other";
    }

    /** Volumes per kind, leaving out the bench's raw copies and the registry's schemas. */
    public static Map<String, Volume> count(Admin admin, String appId) throws ExecutionException, InterruptedException {
        Set<String> topics = admin.listTopics().names().get();
        List<String> counted = new ArrayList<>();
        for (String t : topics) {
            if (!t.startsWith(RawLimit.PREFIX) && !t.equals("_schemas")) {
                counted.add(t);
            }
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicPartition tp : Drain.partitions(admin, counted)) {
            request.put(tp, OffsetSpec.latest());
        }
        Map<String, long[]> sums = new LinkedHashMap<>();
        KINDS.forEach(k -> sums.put(k, new long[2]));
        admin.listOffsets(request).all().get().forEach((tp, info) -> sums.get(kindOf(tp.topic(), appId))[0] += info.offset());
        for (Map<String, LogDirDescription> byDir : admin.describeLogDirs(admin.describeCluster().nodes().get().stream()
                .map(n -> n.id()).toList()).allDescriptions().get().values()) {
            for (LogDirDescription dir : byDir.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> e : dir.replicaInfos().entrySet()) {
                    if (counted.contains(e.getKey().topic())) {
                        sums.get(kindOf(e.getKey().topic(), appId))[1] += e.getValue().size();
                    }
                }
            }
        }
        Map<String, Volume> out = new LinkedHashMap<>();
        sums.forEach((k, v) -> out.put(k, new Volume(v[0], v[1])));
        return out;
    }
}
