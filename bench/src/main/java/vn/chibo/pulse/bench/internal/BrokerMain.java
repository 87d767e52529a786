package vn.chibo.pulse.bench.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

import vn.chibo.pulse.launch.Running;
import vn.chibo.pulse.launch.Service;
import vn.chibo.pulse.launch.ServiceLauncher;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.registry.server.SchemaRegistryServerConfig;
import vn.chibo.pulse.stack.EmbeddedKafka;

/**
 * The bench's broker process: the local stack's KRaft broker and the schema registry, with the
 * settings {@code ./pulse up} gives them, in a JVM of their own, started as every service is ({@link ServiceLauncher}).
 * Prints one line {@code pulse bench-broker: BENCH-BROKER-READY <bootstrap> <registry url>} and runs until SIGTERM,
 * or until its standard input ends.
 *
 * <pre>java -cp pulse-bench.jar vn.chibo.pulse.bench.internal.BrokerMain data.dir=DATA_DIR</pre>
 */
public final class BrokerMain {
    public static final String READY = "BENCH-BROKER-READY";
    public static final String DATA_DIR = "data.dir";

    private static final Service SERVICE = new Service("bench-broker",
            new ConfigDef().define(DATA_DIR, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Directory of the broker's log (created if missing)."),
            Map.of(), settings -> start(Path.of(settings.get(DATA_DIR))));

    private BrokerMain() {}

    public static void main(String[] args) {
        ServiceLauncher.main(SERVICE, args);
    }

    /** The addresses of the ready line: the Kafka bootstrap, then the registry URL. */
    static String[] addresses(String readyLine) {
        return readyLine.substring(readyLine.indexOf(READY) + READY.length()).trim().split(" ");
    }

    private static Running start(Path dataDir) {
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, EmbeddedKafka.Options.defaults().autoCreateTopics(false));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(SchemaRegistryServerConfig.HOST_CONFIG, "127.0.0.1");
        settings.put(SchemaRegistryServerConfig.PORT_CONFIG, 0);
        settings.put(SchemaRegistryServerConfig.KAFKASTORE_BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(SchemaRegistryServerConfig.KAFKASTORE_TOPIC_REPLICATION_FACTOR_CONFIG, (short) 1);
        settings.put(SchemaRegistryServerConfig.HTTP_THREADS_CONFIG, 4); // as ./pulse up
        SchemaRegistryServer registry;
        try {
            registry = SchemaRegistryServer.start(new SchemaRegistryServerConfig(settings));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        // stdin is a pipe from the bench: its end means the bench is gone, even if it was killed outright
        Thread orphanWatch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is sent; wait for the end
                }
            } catch (java.io.IOException e) {
                // same as the end
            }
            System.exit(0);
        }, "bench-broker-orphan-watch");
        orphanWatch.setDaemon(true);
        orphanWatch.start();
        return Running.untilStopped(() -> {
            registry.close();
            kafka.close();
        }, READY + " " + kafka.bootstrapServers() + " " + registry.url());
    }
}
