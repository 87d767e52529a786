package vn.chibo.pulse.streams.internal;

import java.util.Map;
import java.util.Objects;

/**
 * What the topology needs to know that is not in the records.
 *
 * @param registryConfig config of the registry serde for the public topics ("schema.registry.url", ...)
 * @param partitions partitions of pulse.member-events: the app's repartition topics get as many, so that
 *        absence changes keyed by memberId land in the task that holds that member
 * @param acceptedReferenceTopic compacted topic of accepted reference records that feeds the global lookup store
 */
public record TopologySettings(Map<String, ?> registryConfig, int partitions, String acceptedReferenceTopic) {
    public TopologySettings {
        registryConfig = Map.copyOf(Objects.requireNonNull(registryConfig, "registryConfig"));
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        Objects.requireNonNull(acceptedReferenceTopic, "acceptedReferenceTopic");
    }

    /** The accepted-reference topic of an application: one per application id, like its internal topics. */
    public static String acceptedReferenceTopic(String applicationId) {
        return applicationId + "-reference-accepted";
    }

    public static TopologySettings of(String registryUrl, int partitions, String applicationId) {
        return new TopologySettings(Map.of("schema.registry.url", registryUrl), partitions,
                acceptedReferenceTopic(applicationId));
    }
}
