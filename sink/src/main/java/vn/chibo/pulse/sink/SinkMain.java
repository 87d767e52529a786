package vn.chibo.pulse.sink;

import java.util.List;
import java.util.Map;

import vn.chibo.pulse.http.HttpSettings;
import vn.chibo.pulse.launch.Running;
import vn.chibo.pulse.launch.Service;
import vn.chibo.pulse.launch.ServiceLauncher;

/**
 * Runs the sink until SIGTERM or Ctrl-C:
 * {@code java vn.chibo.pulse.sink.SinkMain [--config settings.properties | settings.properties ...] [key=value ...]},
 * started as every service is ({@link ServiceLauncher}, {@code --help} lists the settings). Settings come from the
 * environment (PULSE_KAFKA_BOOTSTRAP, PULSE_REGISTRY_URL, PULSE_PG_URL, PULSE_PG_USER, PULSE_PG_PASSWORD,
 * PULSE_SINK_HEALTH_USERS), then the
 * files, then key=value arguments, each overriding the one before. {@code .pulse/endpoints.properties} is a valid
 * settings file.
 */
public final class SinkMain {

    /** The sink as the launcher starts it, from this main or from {@code ./pulse sink}. */
    public static final Service SERVICE = new Service("sink", SinkConfig.definition(), Map.of(
            "PULSE_KAFKA_BOOTSTRAP", SinkConfig.KAFKA_BOOTSTRAP,
            "PULSE_REGISTRY_URL", SinkConfig.REGISTRY_URL,
            "PULSE_PG_URL", SinkConfig.PG_URL,
            "PULSE_PG_USER", SinkConfig.PG_USER,
            "PULSE_PG_PASSWORD", SinkConfig.PG_PASSWORD,
            "PULSE_SINK_HEALTH_USERS", SinkConfig.HEALTH_PREFIX + HttpSettings.AUTHENTICATION_USERS),
            List.of(SinkConfig.CONSUMER_PREFIX, SinkConfig.PRODUCER_PREFIX),
            settings -> {
                SinkService sink = SinkService.start(settings);
                return new Running(sink, "running" + sink.healthEndpoint().map(uri -> "; health at " + uri).orElse(""), () -> {
                    sink.awaitTermination();
                    return sink.health().status() == SinkHealth.Status.FAILED;
                });
            });

    private SinkMain() {}

    public static void main(String[] args) {
        ServiceLauncher.main(SERVICE, args);
    }
}
