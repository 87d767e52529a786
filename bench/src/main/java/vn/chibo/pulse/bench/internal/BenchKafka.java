package vn.chibo.pulse.bench.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.producers.CommunePublisherConfig;

/** Topics and clients of the bench, set up as the pipeline's own. */
public final class BenchKafka {
    /** Events are the record of truth: kept for good, as ./pulse up keeps them. */
    private static final String FOREVER = "-1";

    private BenchKafka() {}

    public static Admin admin(String bootstrap) {
        Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(AdminClientConfig.CLIENT_ID_CONFIG, "pulse-bench-admin");
        return Admin.create(c);
    }

    /** The pipeline's topics with the settings ./pulse up gives them. */
    public static void createPipelineTopics(Admin admin, int partitions) {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(Topics.REFERENCE, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        for (String events : List.of(Topics.MEMBER_EVENTS, Topics.MEETING_EVENTS, Topics.REJECTED)) {
            topics.add(new NewTopic(events, partitions, (short) 1).configs(Map.of("retention.ms", FOREVER)));
        }
        for (String aggregate : Topics.AGGREGATES) {
            topics.add(new NewTopic(aggregate, partitions, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        }
        create(admin, topics);
    }

    public static void create(Admin admin, Collection<NewTopic> topics) {
        for (NewTopic topic : topics) {
            try {
                admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("timed out creating topic " + topic.name(), e);
            }
        }
    }

    /**
     * A producer of already serialized events with exactly the settings of the commune publisher
     * ({@link CommunePublisherConfig}: idempotent, acks=all, its batching and compression).
     */
    public static KafkaProducer<byte[], byte[]> publisherOfBytes(String bootstrap, String registryUrl, String clientId) {
        Map<String, Object> p = CommunePublisherConfig.of(bootstrap, registryUrl).producerProperties();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }
}
