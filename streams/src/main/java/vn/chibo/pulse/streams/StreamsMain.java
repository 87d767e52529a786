package vn.chibo.pulse.streams;

import java.util.List;
import java.util.Map;

import vn.chibo.pulse.http.HttpSettings;
import vn.chibo.pulse.launch.Running;
import vn.chibo.pulse.launch.Service;
import vn.chibo.pulse.launch.ServiceLauncher;
import vn.chibo.pulse.streams.internal.PulseStreamsConfig;
import vn.chibo.pulse.streams.internal.QueryServer;

/**
 * Runs the aggregates app until SIGTERM / Ctrl-C (exit 0), or until it fails beyond repair: then it exits with
 * status 1 so that its supervisor restarts it. Started as every service is ({@link ServiceLauncher}): settings are
 * {@code key=value} arguments or properties files (see docs/streams.md, {@code --help}); the Kafka and registry
 * addresses default to PULSE_KAFKA_BOOTSTRAP and PULSE_REGISTRY_URL.
 *
 * <pre>java -cp ... vn.chibo.pulse.streams.StreamsMain bootstrap.servers=127.0.0.1:9092 schema.registry.url=http://127.0.0.1:8081</pre>
 */
public final class StreamsMain {

    /** The app as the launcher starts it, from this main or from {@code ./pulse streams}. */
    public static final Service SERVICE = new Service("streams", StreamsService.configDef(),
            // the same variables as ./pulse streams reads, secrets included (never on the command line)
            Map.of("PULSE_KAFKA_BOOTSTRAP", PulseStreamsConfig.BOOTSTRAP_SERVERS,
                    "PULSE_REGISTRY_URL", PulseStreamsConfig.SCHEMA_REGISTRY_URL,
                    "PULSE_QUERY_USERS", QueryServer.SETTINGS_PREFIX + HttpSettings.AUTHENTICATION_USERS,
                    "PULSE_STREAMS_USER", PulseStreamsConfig.HTTP_PEER_USER,
                    "PULSE_STREAMS_PASSWORD", PulseStreamsConfig.HTTP_PEER_PASSWORD),
            List.of("streams."), // any Kafka Streams or client setting, e.g. streams.max.warmup.replicas
            settings -> {
                StreamsService app = StreamsService.start(settings);
                // scripts and the bench read the URL from this line
                return new Running(app, "queries at " + app.queryUrl(), app::awaitTermination);
            });

    private StreamsMain() {}

    public static void main(String[] args) {
        ServiceLauncher.main(SERVICE, args);
    }
}
