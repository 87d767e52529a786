package vn.chibo.pulse.streams.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the topology needs to know that is not in the records.
 *
 * @param registryConfig config of the registry serde for the public topics ("schema.registry.url", ...)
 * @param partitions partitions of pulse.member-events: the app's repartition topics get as many, so that
 *        absence changes keyed by memberId land in the task that holds that member
 * @param acceptedReferenceTopic compacted topic of accepted reference records that feeds the global lookup store
 * @param referenceWait how long a member or meeting event naming a branch the lookup does not hold
 *        waits for it before it is refused as UNKNOWN_BRANCH
 * @param deltaInterval how long a processor adds up its aggregate deltas per key before it sends them on
 *        (the app uses its commit interval)
 */
public record TopologySettings(Map<String, ?> registryConfig, int partitions, String acceptedReferenceTopic,
        Duration referenceWait, Duration deltaInterval) {
    public static final Duration DEFAULT_REFERENCE_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_DELTA_INTERVAL = Duration.ofMillis(100);

    public TopologySettings {
        registryConfig = Map.copyOf(Objects.requireNonNull(registryConfig, "registryConfig"));
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        Objects.requireNonNull(acceptedReferenceTopic, "acceptedReferenceTopic");
        if (referenceWait == null || referenceWait.isNegative()) {
            throw new IllegalArgumentException("referenceWait must be zero or more, got " + referenceWait);
        }
        if (deltaInterval == null || deltaInterval.isNegative() || deltaInterval.isZero()) {
            throw new IllegalArgumentException("deltaInterval must be positive, got " + deltaInterval);
        }
    }

    public TopologySettings(Map<String, ?> registryConfig, int partitions, String acceptedReferenceTopic) {
        this(registryConfig, partitions, acceptedReferenceTopic, DEFAULT_REFERENCE_WAIT, DEFAULT_DELTA_INTERVAL);
    }

    /** The accepted-reference topic of an application: one per application id, like its internal topics. */
    public static String acceptedReferenceTopic(String applicationId) {
        return applicationId + "-reference-accepted";
    }

    public static TopologySettings of(String registryUrl, int partitions, String applicationId) {
        return new TopologySettings(Map.of("schema.registry.url", registryUrl), partitions,
                acceptedReferenceTopic(applicationId));
    }

    public TopologySettings withReferenceWait(Duration wait) {
        return new TopologySettings(registryConfig, partitions, acceptedReferenceTopic, wait, deltaInterval);
    }

    public TopologySettings withDeltaInterval(Duration interval) {
        return new TopologySettings(registryConfig, partitions, acceptedReferenceTopic, referenceWait, interval);
    }
}
