package vn.chibo.pulse.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;

/** The client against a real registry server over HTTP. */
class CachedSchemaRegistryClientTest {

    private static final Schema V1 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Branch\","
            + "\"namespace\":\"test\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
    private static final Schema V2 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Branch\","
            + "\"namespace\":\"test\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"kind\",\"type\":\"string\",\"default\":\"OTHER\"}]}");
    private static final Schema INCOMPATIBLE = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Branch\","
            + "\"namespace\":\"test\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}");

    private SchemaRegistryServer server;
    private CachedSchemaRegistryClient client;
    private String subject;

    @BeforeEach
    void start() {
        server = SchemaRegistryServer.startInMemory("127.0.0.1", 0);
        client = new CachedSchemaRegistryClient(server.url());
        subject = "branches-" + UUID.randomUUID();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void registerLookupAndFetchById() {
        int id = client.register(subject, V1);

        assertThat(client.register(subject, V1)).isEqualTo(id);
        assertThat(client.getSchemaById(id)).isEqualTo(V1);
        assertThat(new CachedSchemaRegistryClient(server.url()).getId(subject, V1)).isEqualTo(id);
        assertThat(new CachedSchemaRegistryClient(server.url()).getVersion(subject, V1)).isEqualTo(1);
        assertThat(client.getAllSubjects()).containsExactly(subject);
        assertThat(client.getAllSubjectsById(id)).containsExactly(subject);
    }

    @Test
    void latestAndNumberedVersionMetadata() {
        int id1 = client.register(subject, V1);
        int id2 = client.register(subject, V2);

        SchemaMetadata latest = client.getLatestSchemaMetadata(subject);
        assertThat(latest).isEqualTo(new SchemaMetadata(subject, 2, id2, V2.toString()));
        assertThat(latest.avroSchema()).isEqualTo(V2);
        assertThat(client.getSchemaMetadata(subject, 1).id()).isEqualTo(id1);
        assertThat(client.getAllVersions(subject)).containsExactly(1, 2);
    }

    @Test
    void registryErrorsCarryStatusErrorCodeAndMessage() {
        assertThatThrownBy(() -> client.getLatestSchemaMetadata(subject))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(RegistryException.SUBJECT_NOT_FOUND);
                    assertThat(e.registryMessage()).contains(subject);
                    assertThat(e.getMessage()).contains("40401");
                });
        client.register(subject, V1);
        assertThatThrownBy(() -> client.getId(subject, V2))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(RegistryException.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> client.getSchemaById(424242))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(RegistryException.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> client.register(subject, INCOMPATIBLE))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(RegistryException.INCOMPATIBLE_SCHEMA);
                });
    }

    @Test
    void compatibilityTestsAndLevels() {
        client.register(subject, V1);

        assertThat(client.testCompatibility(subject, V2)).isTrue();
        assertThat(client.testCompatibility(subject, INCOMPATIBLE)).isFalse();
        assertThat(client.testCompatibilityVerbose(subject, INCOMPATIBLE)).isNotEmpty();
        assertThat(client.getCompatibility(subject)).isEqualTo(CompatibilityLevel.BACKWARD);

        client.updateCompatibility(subject, CompatibilityLevel.NONE);

        assertThat(client.getCompatibility(subject)).isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.getCompatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.testCompatibility(subject, INCOMPATIBLE)).isTrue();
    }

    @Test
    void deletesGoThroughAndClearTheSubjectsCaches() {
        client.register(subject, V1);
        client.register(subject, V2);

        assertThat(client.deleteSchemaVersion(subject, "latest", false)).isEqualTo(2);
        assertThat(client.getLatestSchemaMetadata(subject).version()).isEqualTo(1);
        assertThat(client.deleteSubject(subject, false)).containsExactly(1);
        assertThat(client.deleteSubject(subject, true)).containsExactly(1, 2);
        assertThat(client.getAllSubjects()).doesNotContain(subject);
    }

    @Test
    void schemasAreServedFromTheCacheOnceFetched() {
        int id = client.register(subject, V1);
        client.getSchemaById(id);
        client.getLatestSchemaMetadata(subject);

        server.close();

        assertThat(client.register(subject, V1)).isEqualTo(id);
        assertThat(client.getId(subject, V1)).isEqualTo(id);
        assertThat(client.getSchemaById(id)).isEqualTo(V1);
        assertThat(client.getLatestSchemaMetadata(subject).id()).isEqualTo(id);
    }

    @Test
    void mockUrlsReachTheScopesRegistryWithTheSameRules() {
        String scope = "client-" + UUID.randomUUID();
        try (SchemaRegistryClient mock = new CachedSchemaRegistryClient("mock://" + scope)) {
            int id = mock.register(subject, V1);

            assertThat(MockSchemaRegistry.getClientForScope(scope).getSchemaById(id)).isEqualTo(V1);
            assertThatThrownBy(() -> mock.register(subject, INCOMPATIBLE))
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.status()).isEqualTo(409));
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }
}
