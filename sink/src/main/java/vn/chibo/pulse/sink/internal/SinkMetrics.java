package vn.chibo.pulse.sink.internal;

import org.apache.kafka.clients.consumer.Consumer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

import vn.chibo.pulse.http.PrometheusMetrics;

/**
 * The sink's metrics in the Prometheus text format: its consumer's (Kafka client metrics), the JVM's,
 * and what its health counts: records written to PostgreSQL, dead letters, lag, whether it runs.
 */
public final class SinkMetrics implements AutoCloseable {
    private final PrometheusMetrics prometheus = new PrometheusMetrics();
    private final KafkaClientMetrics consumerMetrics;

    public SinkMetrics(Consumer<?, ?> consumer, HealthState health) {
        MeterRegistry registry = prometheus.registry();
        consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(registry);
        FunctionCounter.builder("pulse.sink.records.written", health, h -> h.snapshot().recordsApplied())
                .description("Aggregate records consumed and committed to PostgreSQL since start (collapsed ones included)")
                .register(registry);
        FunctionCounter.builder("pulse.sink.dead.letters", health, h -> h.snapshot().deadLetters())
                .description("Records sent to the dead-letter store since start").register(registry);
        Gauge.builder("pulse.sink.lag.records", health, h -> h.snapshot().lag())
                .description("Records in the assigned partitions not yet read (-1 unknown)").register(registry);
        Gauge.builder("pulse.sink.partitions.assigned", health, HealthState::partitions)
                .description("Aggregate partitions this sink writes; the sinks of one name share them").register(registry);
        Gauge.builder("pulse.sink.healthy", health, h -> h.snapshot().healthy() ? 1 : 0)
                .description("1 while consuming and writing, 0 while starting, retrying or stopped").register(registry);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return prometheus.scrape();
    }

    @Override
    public void close() {
        consumerMetrics.close();
        prometheus.close();
    }
}
