package vn.chibo.pulse.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.chibo.pulse.registry.server.RegistryHttp.field;
import static vn.chibo.pulse.registry.server.RegistryHttp.record;
import static vn.chibo.pulse.registry.server.RegistryHttp.schemaBody;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.chibo.pulse.registry.client.CachedSchemaRegistryClient;
import vn.chibo.pulse.stack.EmbeddedKafka;

/** Schemas live in the compacted {@code _schemas} topic: a new server on the same broker finds everything. */
class SchemaRegistryRestartTest {

    @TempDir
    Path kafkaDir;

    private EmbeddedKafka kafka;

    @BeforeEach
    void startKafka() {
        kafka = EmbeddedKafka.start(kafkaDir);
    }

    @AfterEach
    void stopKafka() {
        kafka.close();
    }

    private int register(RegistryHttp http, String subject, String schema) {
        RegistryHttp.Answer answer = http.post("/subjects/" + subject + "/versions", schemaBody(schema));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("id").asInt();
    }

    @Test
    void restartKeepsIdsVersionsDeletesAndLevels() {
        String a1 = record("A", field("x", "int"));
        String a2 = record("A", field("x", "int"), field("y", "int", "0"));
        String b1 = record("B", field("z", "string"));
        String gone = record("Gone", field("g", "int"));
        int idA1;
        int idA2;
        int idB1;
        int idGone;
        try (SchemaRegistryServer first = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers())) {
            RegistryHttp http = new RegistryHttp(first.url());
            idA1 = register(http, "a-value", a1);
            idA2 = register(http, "a-value", a2);
            idB1 = register(http, "b-value", b1);
            register(http, "shared-value", b1);
            http.delete("/subjects/shared-value");
            http.put("/config/b-value", "{\"compatibility\":\"FULL_TRANSITIVE\"}");
            http.put("/config", "{\"compatibility\":\"FORWARD\"}");
            // The highest id so far, then deleted for good: it must never be handed out again.
            idGone = register(http, "gone-value", gone);
            http.delete("/subjects/gone-value");
            assertThat(http.delete("/subjects/gone-value?permanent=true").status()).isEqualTo(200);
        }

        try (SchemaRegistryServer second = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers())) {
            RegistryHttp http = new RegistryHttp(second.url());

            assertThat(http.get("/subjects/a-value/versions/1").json().get("id").asInt()).isEqualTo(idA1);
            assertThat(http.get("/subjects/a-value/versions/2").json().get("id").asInt()).isEqualTo(idA2);
            assertThat(http.get("/subjects/b-value/versions/latest").json().get("id").asInt()).isEqualTo(idB1);
            assertThat(http.get("/subjects").json().toString()).isEqualTo("[\"a-value\",\"b-value\"]");
            assertThat(http.get("/subjects?deleted=true").json().toString())
                    .isEqualTo("[\"a-value\",\"b-value\",\"shared-value\"]");
            assertThat(http.get("/subjects/gone-value/versions?deleted=true").errorCode()).isEqualTo(40401);
            assertThat(http.get("/schemas/ids/" + idGone).errorCode()).isEqualTo(40403);
            assertThat(http.get("/config/b-value").json().get("compatibilityLevel").asText()).isEqualTo("FULL_TRANSITIVE");
            assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("FORWARD");
            // Registering is still idempotent, and new schemas get fresh ids.
            assertThat(register(http, "a-value", a2)).isEqualTo(idA2);
            int fresh = register(http, "c-value", record("C", field("w", "int")));
            assertThat(fresh).isGreaterThan(idGone);
            // A cached client sees the same answers as before the restart.
            assertThat(new CachedSchemaRegistryClient(second.url()).getSchemaById(idA1).toString())
                    .isEqualTo(new org.apache.avro.Schema.Parser().parse(a1).toString());
        }
    }

    @Test
    void schemaTopicIsCompactedWithOnePartition() throws Exception {
        try (SchemaRegistryServer server = SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicDescription topic = admin.describeTopics(Set.of("_schemas")).allTopicNames().get().get("_schemas");
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "_schemas");
            String policy = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get("cleanup.policy").value();

            assertThat(new RegistryHttp(server.url()).get("/").status()).isEqualTo(200);
            assertThat(topic.partitions()).hasSize(1);
            assertThat(policy).isEqualTo("compact");
        }
    }

    @Test
    void aTopicThatIsNotCompactedIsRefused() {
        kafka.createTopic("_schemas", 1, "cleanup.policy", "delete");

        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> SchemaRegistryServer.start("127.0.0.1", 0, kafka.bootstrapServers()))
                .hasMessageContaining("cleanup.policy=delete");
    }
}
