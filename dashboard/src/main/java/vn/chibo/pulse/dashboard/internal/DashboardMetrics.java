package vn.chibo.pulse.dashboard.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import vn.chibo.pulse.http.EventChannel;
import vn.chibo.pulse.http.PrometheusMetrics;

/**
 * The board's metrics in the Prometheus text format (GET /metrics): the JVM's, its event stream's clients
 * (connected now, dropped for falling behind), the snapshots it sent them, and how often its sources failed.
 * Every figure is read from where it is kept at the scrape, so nothing is counted twice.
 */
public final class DashboardMetrics implements AutoCloseable {

    private final PrometheusMetrics prometheus = new PrometheusMetrics();

    public DashboardMetrics(EventStream stream, SnapshotWatcher watcher) {
        MeterRegistry registry = prometheus.registry();
        EventChannel channel = stream.channel();
        Gauge.builder("pulse.dashboard.stream.clients", channel, EventChannel::clientCount)
                .description("Pages connected to the event stream /api/stream now").register(registry);
        FunctionCounter.builder("pulse.dashboard.stream.clients.dropped", channel, EventChannel::dropped)
                .description("Event-stream clients disconnected since start because they fell dashboard.sse.queue.events behind"
                        + " (or their writes failed)").register(registry);
        Gauge.builder("pulse.dashboard.stream.queued.events", channel, EventChannel::queuedNow)
                .description("Events waiting for all event-stream clients together now").register(registry);
        FunctionCounter.builder("pulse.dashboard.snapshots.sent", stream, EventStream::published)
                .description("Snapshots published to the event stream since start (each to every client connected)")
                .register(registry);
        FunctionCounter.builder("pulse.dashboard.source.failures", watcher, SnapshotWatcher::postgresFailures)
                .tag("source", "postgres")
                .description("Reads of a source that failed since start").register(registry);
        FunctionCounter.builder("pulse.dashboard.source.failures", watcher, SnapshotWatcher::streamsFailures)
                .tag("source", "streams")
                .description("Reads of a source that failed since start").register(registry);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return prometheus.scrape();
    }

    @Override
    public void close() {
        prometheus.close();
    }
}
