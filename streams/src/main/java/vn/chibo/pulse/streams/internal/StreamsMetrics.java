package vn.chibo.pulse.streams.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;

import vn.chibo.pulse.http.PrometheusMetrics;

/**
 * This instance's metrics in the Prometheus text format: Kafka Streams' own (threads, tasks, stores,
 * and its clients'), the JVM's, and the refused and waiting events of the partitions active here.
 * Those last are read from the stores at each scrape (they are counted there, exactly once, and
 * survive restarts), so over the instances they add up to the app's figures.
 */
public final class StreamsMetrics implements AutoCloseable {
    private final PrometheusMetrics prometheus = new PrometheusMetrics();
    private final KafkaStreamsMetrics kafka;
    private final LocalAggregates local;
    private final MultiGauge rejected;
    private final AtomicLong waiting = new AtomicLong();

    public StreamsMetrics(KafkaStreams streams, LocalAggregates local) {
        this.local = local;
        MeterRegistry registry = prometheus.registry();
        kafka = new KafkaStreamsMetrics(streams);
        kafka.bindTo(registry);
        rejected = MultiGauge.builder("pulse.rejected.events")
                .description("Events refused, per reason code, in the partitions active on this instance").register(registry);
        Gauge.builder("pulse.waiting.events", waiting, AtomicLong::get)
                .description("Member and meeting events held back for reference data not yet known").register(registry);
    }

    /** The Prometheus text exposition, with the store-backed figures read now. */
    public String scrape() {
        try {
            ObjectNode part = local.rejections();
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            part.path("byReason").fields().forEachRemaining(e -> rows.add(MultiGauge.Row.of(Tags.of("reason", e.getKey()),
                    e.getValue().asLong())));
            rejected.register(rows, true);
            waiting.set(part.path("waiting").asLong());
        } catch (InvalidStateStoreException e) {
            // restoring or rebalancing: the last figures read stand until the stores can be read again
        }
        return prometheus.scrape();
    }

    @Override
    public void close() {
        kafka.close();
        prometheus.close();
    }
}
