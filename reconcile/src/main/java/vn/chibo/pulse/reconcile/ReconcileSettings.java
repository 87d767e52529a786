package vn.chibo.pulse.reconcile;

import java.time.Duration;

/**
 * Where the pipeline is and how long to wait for it.
 *
 * @param streamsUrl    the streams app's interactive queries, or null: refusal counts are then not compared
 * @param streamsUser   user for those queries where they ask for basic authentication, or null
 * @param streamsPassword that user's password, or null
 * @param applicationId the streams app's application id (its consumer group)
 * @param sinkName      the sink's name, its key in pulse_sink.kafka_offsets
 * @param awaitPipeline        whether to wait for the pipeline to catch up before comparing
 * @param timeout       how long to wait at most
 * @param settle        how long the streams app must stay caught up before it counts as settled
 * @param keep          how many differences to keep per relation
 */
public record ReconcileSettings(String kafkaBootstrap, String registryUrl, String pgUrl, String pgUser,
                                String pgPassword, String streamsUrl, String streamsUser, String streamsPassword,
                                String applicationId, String sinkName,
                                boolean awaitPipeline, Duration timeout, Duration settle, int keep) {

    public static final String DEFAULT_APPLICATION_ID = "pulse-aggregates-v2";
    public static final String DEFAULT_SINK_NAME = "pulse-sink";

    /** Settings for a pipeline at these addresses, with every default. */
    public static ReconcileSettings of(String kafkaBootstrap, String registryUrl, String pgUrl, String streamsUrl) {
        return new ReconcileSettings(kafkaBootstrap, registryUrl, pgUrl, null, null, streamsUrl, null, null, DEFAULT_APPLICATION_ID,
                DEFAULT_SINK_NAME, true, Duration.ofMinutes(5), Duration.ofSeconds(1), 20);
    }

    public ReconcileSettings withApplicationId(String id) {
        return new ReconcileSettings(kafkaBootstrap, registryUrl, pgUrl, pgUser, pgPassword, streamsUrl, streamsUser, streamsPassword, id, sinkName,
                awaitPipeline, timeout, settle, keep);
    }

    public ReconcileSettings withSinkName(String name) {
        return new ReconcileSettings(kafkaBootstrap, registryUrl, pgUrl, pgUser, pgPassword, streamsUrl, streamsUser, streamsPassword, applicationId, name,
                awaitPipeline, timeout, settle, keep);
    }
}
