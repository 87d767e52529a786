package vn.chibo.pulse.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import vn.chibo.pulse.registry.serde.KafkaAvroDeserializer;
import vn.chibo.pulse.registry.serde.KafkaAvroSerializer;
import vn.chibo.pulse.registry.server.RunningRegistry;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.registry.server.SchemaRegistryServerConfig;
import vn.chibo.pulse.registry.server.SecuredRegistry;

/** The client and serde against a registry with basic authentication, and over TLS trusting a configured CA. */
class SecuredRegistryClientTest {

    private static final Schema BRANCH = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Branch\","
            + "\"namespace\":\"test\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");

    @TempDir
    static Path dir;

    @RegisterExtension
    static final RunningRegistry server = new RunningRegistry(SecuredRegistry::start);

    private static Map<String, Object> userInfo(String url) {
        return Map.of(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG, url,
                SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO",
                SchemaRegistryClientConfig.USER_INFO_CONFIG, SecuredRegistry.USER_INFO);
    }

    @Test
    void credentialsFromUserInfo() {
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(userInfo(server.url()))) {
            String subject = "branches-" + UUID.randomUUID();
            int id = client.register(subject, BRANCH);
            assertThat(client.getLatestSchemaMetadata(subject).id()).isEqualTo(id);
        }
    }

    @Test
    void credentialsFromTheUrlNeverShownInMessages() {
        String url = server.url().replace("://", "://" + SecuredRegistry.USER + ":"
                + URLEncoder.encode(SecuredRegistry.PASSWORD, StandardCharsets.UTF_8).replace("+", "%20") + "@");
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(url)) {
            assertThat(client.register("branches-" + UUID.randomUUID(), BRANCH)).isPositive();
        }
        String wrong = server.url().replace("://", "://" + SecuredRegistry.USER + ":not-it@");
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(wrong)) {
            assertThatThrownBy(client::getAllSubjects).isInstanceOf(RegistryException.class)
                    .hasMessageNotContaining("not-it")
                    .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(401));
        }
    }

    @Test
    void withoutCredentialsIs401AndNotRetried() {
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(server.url())) {
            assertThatThrownBy(() -> client.register("branches", BRANCH)).isInstanceOf(RegistryException.class)
                    .satisfies(e -> assertThat(((RegistryException) e).errorCode()).isEqualTo(401));
        }
    }

    @Test
    void userInfoSourceWithoutUserInfoIsAConfigError() {
        assertThatThrownBy(() -> new CachedSchemaRegistryClient(Map.of(
                SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url(),
                SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.user.info");
    }

    @Test
    void serdeRoundTripWithConfluentsAuthSettings() {
        GenericRecord branch = new GenericData.Record(BRANCH);
        branch.put("id", "B0001");
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer();
                KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer()) {
            serializer.configure(userInfo(server.url()), false);
            deserializer.configure(userInfo(server.url()), false);
            byte[] bytes = serializer.serialize("secured-branches", branch);
            assertThat(deserializer.deserialize("secured-branches", bytes).toString()).contains("B0001");
        }
    }

    @Test
    void httpsTrustingTheConfiguredAuthorityOnly() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        try (SchemaRegistryServer https = SecuredRegistry.start(
                SchemaRegistryServerConfig.SSL_KEYSTORE_LOCATION_CONFIG, certificates.serverKeyStore().toString(),
                SchemaRegistryServerConfig.SSL_KEYSTORE_PASSWORD_CONFIG, certificates.password(),
                SchemaRegistryServerConfig.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12")) {
            assertThat(https.url()).startsWith("https://127.0.0.1:");
            Map<String, Object> trusting = new java.util.HashMap<>(userInfo(https.url()));
            trusting.put(SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, certificates.trustStore().toString());
            trusting.put(SchemaRegistryClientConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, certificates.password());
            trusting.put(SchemaRegistryClientConfig.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
            try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(trusting)) {
                assertThat(client.register("tls-branches", BRANCH)).isPositive();
            }

            Map<String, Object> defaults = new java.util.HashMap<>(userInfo(https.url()));
            defaults.put(SchemaRegistryClientConfig.MAX_RETRIES_CONFIG, 0);
            try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(defaults)) {
                assertThatThrownBy(client::getAllSubjects).isInstanceOf(RegistryException.class)
                        .satisfies(e -> assertThat(((RegistryException) e).isUnreachable()).isTrue());
            }
        }
    }
}
