package vn.chibo.pulse.bench.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.registry.server.SchemaRegistryServerConfig;
import vn.chibo.pulse.stack.EmbeddedKafka;

/**
 * The bench's broker process: the local stack's KRaft broker and the schema registry, with the
 * settings {@code ./pulse up} gives them, in a JVM of their own. Prints one line
 * {@code BENCH-BROKER-READY <bootstrap> <registry url>} and runs until SIGTERM.
 *
 * <pre>java -cp pulse-bench.jar vn.chibo.pulse.bench.internal.BrokerMain DATA_DIR</pre>
 */
public final class BrokerMain {
    public static final String READY = "BENCH-BROKER-READY";

    private BrokerMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: BrokerMain DATA_DIR");
            System.exit(2);
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]), EmbeddedKafka.Options.defaults().autoCreateTopics(false));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(SchemaRegistryServerConfig.HOST_CONFIG, "127.0.0.1");
        settings.put(SchemaRegistryServerConfig.PORT_CONFIG, 0);
        settings.put(SchemaRegistryServerConfig.KAFKASTORE_BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(SchemaRegistryServerConfig.KAFKASTORE_TOPIC_REPLICATION_FACTOR_CONFIG, (short) 1);
        settings.put(SchemaRegistryServerConfig.HTTP_THREADS_CONFIG, 4); // as ./pulse up
        SchemaRegistryServer registry = SchemaRegistryServer.start(new SchemaRegistryServerConfig(settings));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            registry.close();
            kafka.close();
            stopped.countDown();
        }, "bench-broker-shutdown"));
        System.out.println(READY + " " + kafka.bootstrapServers() + " " + registry.url());
        System.out.flush();
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
        stopped.await();
    }
}
