package vn.chibo.pulse.http;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What every service's GET /metrics shares: a Micrometer registry in the Prometheus text format with the
 * JVM's metrics (memory, garbage collection, threads, CPU) bound; each service adds its own meters to
 * {@link #registry()}. Set up once here so that the streams app, the sink and the board export the JVM alike.
 */
public final class PrometheusMetrics implements AutoCloseable {

    /** The content type of the Prometheus text exposition. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // the one JVM binder that holds resources (GC notification listeners): closed with the registry
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public PrometheusMetrics() {
        gc.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** Where a service registers its own meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter now. */
    public String scrape() {
        return registry.scrape();
    }

    /** GET /metrics: answers {@code exposition} (a service's scrape, which may read figures first). */
    public static Route route(Supplier<String> exposition) {
        return call -> Reply.text(200, CONTENT_TYPE, exposition.get());
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
