package vn.chibo.pulse.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's broker JVM ({@link BrokerMain}), started as every service is: its ready line says where the broker
 * and the registry are, and both answer there; without its data directory it refuses to start, with status 2.
 */
class BrokerProcessTest {
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path dir;

    @Test
    void itsReadyLineNamesABrokerAndARegistryThatAnswer() throws Exception {
        try (ChildJvm broker = ChildJvm.start("broker", JVM, BrokerMain.class.getName(),
                List.of(BrokerMain.DATA_DIR + "=" + dir.resolve("kafka")), dir.resolve("broker.log"), Map.of())) {
            String[] addresses = BrokerMain.addresses(broker.awaitLine(l -> l.contains(BrokerMain.READY), Duration.ofMinutes(2)));

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, addresses[0]))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }
            HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(addresses[1] + "/subjects")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutItsDataDirectoryItEndsWithStatusTwo() throws Exception {
        Path log = dir.resolve("broker.log");
        try (ChildJvm broker = ChildJvm.start("broker", JVM, BrokerMain.class.getName(), List.of(), log, Map.of())) {
            assertThat(broker.awaitExit(Duration.ofMinutes(1))).isEqualTo(2);
        }
        assertThat(Files.readString(log)).contains("pulse bench-broker: ", BrokerMain.DATA_DIR).doesNotContain(BrokerMain.READY + " ");
    }
}
