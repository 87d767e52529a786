package vn.chibo.pulse.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster of several nodes in KRaft mode inside this JVM, each node broker and
 * controller (one static quorum of all of them), for tests of what survives the loss of a node.
 * Internal topics and topics created without a factor have one replica per node and
 * {@code min.insync.replicas} 2.
 *
 * <p>{@link #halt(int)} stops a node the way a crash looks to the others: without controlled
 * shutdown, so its partitions keep it as leader until the controller misses its heartbeats and
 * fences it; clients see their connections drop and must find the new leaders themselves.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final String LOOPBACK = "127.0.0.1";

    private final List<KafkaRaftServer> nodes;
    private final List<Integer> ports;
    private final boolean[] halted;
    private final Admin admin;

    private EmbeddedKafkaCluster(List<KafkaRaftServer> nodes, List<Integer> ports) {
        this.nodes = nodes;
        this.ports = ports;
        this.halted = new boolean[nodes.size()];
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-cluster-admin"));
    }

    /**
     * Starts {@code size} nodes on free ports, with data under {@code dataDir/node-N} (formatted
     * here with one cluster id). Returns once every node is registered as a broker.
     */
    public static EmbeddedKafkaCluster start(Path dataDir, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node");
        }
        List<Integer> ports = new ArrayList<>();
        List<Integer> controllerPorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(Ports.free());
            controllerPorts.add(Ports.free());
        }
        String voters = java.util.stream.IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@" + LOOPBACK + ":" + controllerPorts.get(i)).collect(Collectors.joining(","));
        // a crash, not a goodbye: halt() must not hand the leaders over first
        EmbeddedKafka.Options options = EmbeddedKafka.Options.defaults().autoCreateTopics(false)
                .brokerConfig("controlled.shutdown.enable", "false");
        String clusterId = Uuid.randomUuid().toString();
        List<KafkaRaftServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                Path dir = dataDir.toAbsolutePath().resolve("node-" + (i + 1));
                Map<String, String> config = EmbeddedKafka.brokerConfig(dir, i + 1, voters, ports.get(i), controllerPorts.get(i),
                        size, options);
                Files.createDirectories(dir.resolve("logs"));
                Files.writeString(dir.resolve("cluster.id"), clusterId + System.lineSeparator(), StandardCharsets.UTF_8);
                EmbeddedKafka.format(dir, EmbeddedKafka.writeConfig(dir, config));
                servers.add(new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM));
            }
            // together: each node's start waits for a quorum of the others
            CompletableFuture.allOf(servers.stream().map(s -> CompletableFuture.runAsync(s::startup))
                    .toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } catch (IOException | RuntimeException | java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            servers.forEach(EmbeddedKafka::shutdownQuietly);
            throw new KafkaStartException("Kafka cluster cannot start on " + dataDir + ": " + EmbeddedKafka.rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            servers.forEach(EmbeddedKafka::shutdownQuietly);
            throw new KafkaStartException("interrupted while starting Kafka", e);
        }
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(servers, ports);
        try {
            cluster.awaitBrokers(size, Duration.ofMinutes(1));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        log.info("Kafka cluster of {} nodes ready at {}", size, cluster.bootstrapServers());
        return cluster;
    }

    /** Every node's {@code host:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return ports.stream().map(p -> LOOPBACK + ":" + p).collect(Collectors.joining(","));
    }

    /** Creates a topic with {@code replicas} copies of each partition; {@code configs} are name/value pairs. */
    public void createTopic(String name, int partitions, int replicas, String... configs) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < configs.length; i += 2) {
            map.put(configs[i], configs[i + 1]);
        }
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) replicas).configs(map))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name + ": " + EmbeddedKafka.rootMessage(e), e);
        }
    }

    /** Stops node {@code nodeId} (1-based) as a crash would look to the others; see the class comment. */
    public synchronized void halt(int nodeId) {
        if (!halted[nodeId - 1]) {
            halted[nodeId - 1] = true;
            EmbeddedKafka.shutdownQuietly(nodes.get(nodeId - 1));
            log.info("Kafka node {} halted", nodeId);
        }
    }

    @Override
    public synchronized void close() {
        admin.close(Duration.ofSeconds(5));
        for (int i = 0; i < nodes.size(); i++) {
            halt(i + 1);
        }
    }

    private void awaitBrokers(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == count) {
                    return;
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaStartException("interrupted while waiting for Kafka", e);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | CompletionException e) {
                // not every node is up yet
            }
        }
        throw new KafkaStartException("the Kafka cluster at " + bootstrapServers() + " did not have " + count
                + " brokers within " + timeout.toSeconds() + " s");
    }
}
