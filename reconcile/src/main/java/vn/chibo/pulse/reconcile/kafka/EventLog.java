package vn.chibo.pulse.reconcile.kafka;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.ReferenceEvent;
import vn.chibo.pulse.reconcile.ledger.IndependentLedger;
import vn.chibo.pulse.registry.serde.KafkaAvroDeserializer;
import vn.chibo.pulse.registry.serde.KafkaAvroSerdeConfig;

/**
 * The event topics, read from the beginning up to given offsets and decoded with the registry.
 * Reference data is read first, all of it up to the bound, then member and meeting events: the
 * SPEC's "reference data is loaded first", taken literally (the streams app waits a while for a
 * branch it does not know yet; see docs/reconcile.md). Each call goes on where the last one ended.
 */
public final class EventLog implements AutoCloseable {

    /** The event topics, in the order they are applied. */
    public static final List<String> TOPICS = List.of(Topics.REFERENCE, Topics.MEMBER_EVENTS, Topics.MEETING_EVENTS);
    /** Below this many records a progress bar is not worth its lines. */
    private static final long PROGRESS_THRESHOLD = 20_000;
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaAvroDeserializer deserializer;
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final Map<String, Long> readPerTopic = new HashMap<>();

    public EventLog(String bootstrap, String registryUrl) {
        this.consumer = new KafkaConsumer<>(consumerProperties(bootstrap, "pulse-reconcile-log"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deserializer = new KafkaAvroDeserializer();
        deserializer.configure(Map.of(KafkaAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl,
                KafkaAvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, true), false);
    }

    /** A consumer that never joins a group nor commits: reconcile only looks. */
    static Properties consumerProperties(String bootstrap, String clientId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
        return p;
    }

    /** The end offsets of every partition of the event topics now (a topic that does not exist has none). */
    public Map<TopicPartition, Long> endOffsets() {
        return endOffsets(consumer, TOPICS);
    }

    static Map<TopicPartition, Long> endOffsets(KafkaConsumer<?, ?> consumer, List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
            if (infos != null) {
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
        }
        return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(15)));
    }

    /**
     * Applies every record below {@code bounds} not applied yet, topic by topic in {@link #TOPICS}
     * order, each partition in offset order.
     *
     * @return how many records were applied
     */
    public long readUpTo(Map<TopicPartition, Long> bounds, IndependentLedger ledger, PrintStream progressTo) {
        long total = 0;
        for (Map.Entry<TopicPartition, Long> e : bounds.entrySet()) {
            total += Math.max(0, e.getValue() - positions.getOrDefault(e.getKey(), 0L));
        }
        ProgressBar bar = progressTo != null && total >= PROGRESS_THRESHOLD ? new ProgressBarBuilder()
                .setTaskName("events").setInitialMax(total).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(progressTo)).build() : null;
        long applied = 0;
        try {
            for (String topic : TOPICS) {
                applied += readTopic(topic, bounds, ledger, bar);
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        return applied;
    }

    private long readTopic(String topic, Map<TopicPartition, Long> bounds, IndependentLedger ledger, ProgressBar bar) {
        Map<TopicPartition, Long> pending = new HashMap<>();
        bounds.forEach((tp, bound) -> {
            if (tp.topic().equals(topic) && positions.getOrDefault(tp, 0L) < bound) {
                pending.put(tp, bound);
            }
        });
        if (pending.isEmpty()) {
            return 0;
        }
        consumer.assign(pending.keySet());
        pending.keySet().forEach(tp -> consumer.seek(tp, positions.getOrDefault(tp, 0L)));
        long applied = 0;
        while (!pending.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                Long bound = pending.get(tp);
                if (bound != null && record.offset() < bound) {
                    apply(record, ledger);
                    applied++;
                    if (bar != null) {
                        bar.step();
                    }
                }
            }
            // A partition is done once the position passed the bound (transaction markers included).
            pending.entrySet().removeIf(e -> {
                long position = consumer.position(e.getKey());
                positions.put(e.getKey(), Math.min(position, e.getValue()));
                return position >= e.getValue();
            });
        }
        readPerTopic.merge(topic, applied, Long::sum);
        return applied;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record, IndependentLedger ledger) {
        Object event;
        try {
            event = deserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            event = null;
        }
        if (event instanceof ReferenceEvent || event instanceof MemberEvent || event instanceof MeetingEvent) {
            LocalDate written = Instant.ofEpochMilli(record.timestamp()).atZone(EventRules.ZONE).toLocalDate();
            ledger.apply(event, written);
        } else {
            ledger.applyUndecodable();
        }
    }

    /** Records applied so far, per topic. */
    public Map<String, Long> readPerTopic() {
        return Map.copyOf(readPerTopic);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        deserializer.close();
    }
}
