package vn.chibo.pulse.streams.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.chibo.pulse.domain.DeadLetters;
import vn.chibo.pulse.domain.Topics;

/**
 * Makes sure the pipeline's topics exist before the app starts, and reads the partition count
 * of pulse.member-events, which the app's repartition topics must share.
 */
public final class TopicSetup {
    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
    private static final long TIMEOUT_S = 60;

    private TopicSetup() {}

    /** Creates what is missing (if allowed) and returns the partition count of pulse.member-events. */
    public static int prepare(PulseStreamsConfig config) {
        try (Admin admin = Admin.create(config.adminConfig())) {
            if (config.getBoolean(PulseStreamsConfig.TOPICS_CREATE)) {
                create(admin, topics(config));
            }
            Map<String, TopicDescription> described = admin.describeTopics(List.of(Topics.MEMBER_EVENTS))
                    .allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
            return described.get(Topics.MEMBER_EVENTS).partitions().size();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot prepare the topics of the pipeline: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + config.getString(PulseStreamsConfig.BOOTSTRAP_SERVERS)
                    + " did not answer within " + TIMEOUT_S + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing topics", e);
        }
    }

    /**
     * The bytes one dead letter may take: pulse.rejected's max.message.bytes as the broker has it, or
     * the producer's max.request.size if smaller, less a margin (see {@link DeadLetters}).
     */
    public static int deadLetterMaxBytes(PulseStreamsConfig config, Properties streamsProperties) {
        Object request = streamsProperties.getOrDefault(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                streamsProperties.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576));
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.REJECTED);
        try (Admin admin = Admin.create(config.adminConfig())) {
            Config described = admin.describeConfigs(List.of(topic)).all().get(TIMEOUT_S, TimeUnit.SECONDS).get(topic);
            int topicMax = Integer.parseInt(described.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
            return DeadLetters.budget(Integer.parseInt(request.toString()), topicMax);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read max.message.bytes of " + Topics.REJECTED + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the config of " + Topics.REJECTED, e);
        }
    }

    static List<NewTopic> topics(PulseStreamsConfig config) {
        int partitions = config.getInt(PulseStreamsConfig.TOPICS_PARTITIONS);
        short replication = config.getShort(PulseStreamsConfig.TOPICS_REPLICATION_FACTOR);
        // The event topics are the record of what happened: kept for ever, like the refused events.
        Map<String, String> keep = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
        Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(Topics.REFERENCE, 1, replication).configs(keep));
        topics.add(new NewTopic(Topics.MEMBER_EVENTS, partitions, replication).configs(keep));
        topics.add(new NewTopic(Topics.MEETING_EVENTS, partitions, replication).configs(keep));
        topics.add(new NewTopic(Topics.REJECTED, partitions, replication).configs(keep));
        for (String aggregate : Topics.AGGREGATES) {
            topics.add(new NewTopic(aggregate, partitions, replication).configs(compact));
        }
        topics.add(new NewTopic(TopologySettings.acceptedReferenceTopic(config.applicationId()), 1, replication).configs(compact));
        return topics;
    }

    private static void create(Admin admin, List<NewTopic> topics) throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
        List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
        if (missing.isEmpty()) {
            return;
        }
        for (var entry : admin.createTopics(missing).values().entrySet()) {
            try {
                entry.getValue().get(TIMEOUT_S, TimeUnit.SECONDS);
                log.info("created topic {}", entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
