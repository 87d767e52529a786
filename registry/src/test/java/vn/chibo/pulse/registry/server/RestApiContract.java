package vn.chibo.pulse.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.chibo.pulse.registry.server.RegistryHttp.field;
import static vn.chibo.pulse.registry.server.RegistryHttp.record;
import static vn.chibo.pulse.registry.server.RegistryHttp.schemaBody;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.chibo.pulse.registry.server.RegistryHttp.Answer;

/**
 * Confluent's documented REST behaviour, endpoint by endpoint and error code by error code, checked
 * over plain HTTP. Subclasses run it against the in-memory and the Kafka-backed store.
 */
abstract class RestApiContract {

    static final String V1 = record("Member", field("id", "string"));
    static final String V2 = record("Member", field("id", "string"), field("branch", "string", "\"none\""));
    /** Adds a field without a default: data written with V1 cannot be read with it. */
    static final String BACKWARD_INCOMPATIBLE = record("Member", field("id", "string"), field("age", "int"));

    protected abstract String registryUrl();

    /** Basic credentials ({@code user:password}) sent with every request; null: none. */
    protected String userInfo() {
        return null;
    }

    RegistryHttp http;
    String subject;

    @BeforeEach
    void client() {
        http = new RegistryHttp(registryUrl(), userInfo());
        subject = "subject-" + UUID.randomUUID();
    }

    private int register(String subject, String schema) {
        Answer answer = http.post("/subjects/" + subject + "/versions", schemaBody(schema));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("id").asInt();
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asInt()));
        return values;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }

    private static String canonical(String schema) {
        return new Schema.Parser().parse(schema).toString();
    }

    // ------------------------------------------------------------ root, types

    @Test
    void rootAnswersAnEmptyObject() {
        Answer answer = http.get("/");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{}");
        assertThat(answer.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void schemaTypesListAvro() {
        Answer answer = http.get("/schemas/types");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(strings(answer.json())).containsExactly("AVRO");
    }

    @Test
    void unknownPathIs404() {
        assertThat(http.get("/no/such/thing").status()).isEqualTo(404);
    }

    // ------------------------------------------------------------ register

    @Test
    void registerAnswersTheIdOnly() {
        Answer answer = http.post("/subjects/" + subject + "/versions", schemaBody(V1));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().size()).isEqualTo(1);
        assertThat(answer.json().get("id").asInt()).isPositive();
    }

    @Test
    void registeringTheSameSchemaAgainGivesTheSameIdAndNoNewVersion() {
        int first = register(subject, V1);
        // Same schema, other whitespace: the parsed schema is what counts.
        int again = register(subject, V1.replace(",", " , "));

        assertThat(again).isEqualTo(first);
        assertThat(ints(http.get("/subjects/" + subject + "/versions").json())).containsExactly(1);
    }

    @Test
    void theSameSchemaUnderAnotherSubjectGetsTheSameGlobalId() {
        int id = register(subject, V1);
        int other = register(subject + "-other", V1);

        assertThat(other).isEqualTo(id);
        assertThat(http.get("/subjects/" + subject + "-other/versions/latest").json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void aNewSchemaGetsANewIdAndTheNextVersion() {
        int v1 = register(subject, V1);
        int v2 = register(subject, V2);

        assertThat(v2).isGreaterThan(v1);
        assertThat(ints(http.get("/subjects/" + subject + "/versions").json())).containsExactly(1, 2);
    }

    @Test
    void registeringAnInvalidSchemaIs42201() {
        Answer answer = http.post("/subjects/" + subject + "/versions", schemaBody("{\"type\":\"record\",\"name\":\"X\"}"));
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.errorCode()).isEqualTo(42201);

        Answer notJson = http.post("/subjects/" + subject + "/versions", schemaBody("not a schema"));
        assertThat(notJson.status()).isEqualTo(422);
        assertThat(notJson.errorCode()).isEqualTo(42201);
    }

    @Test
    void registeringAnotherSchemaTypeIs42201() {
        Answer answer = http.post("/subjects/" + subject + "/versions",
                "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.errorCode()).isEqualTo(42201);
    }

    @Test
    void registeringAnIncompatibleSchemaIs409() {
        register(subject, V1);

        Answer answer = http.post("/subjects/" + subject + "/versions", schemaBody(BACKWARD_INCOMPATIBLE));

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.errorCode()).isEqualTo(409);
        assertThat(answer.message()).contains("incompatible");
    }

    @Test
    void malformedJsonIs400() {
        Answer answer = http.post("/subjects/" + subject + "/versions", "{not json");
        assertThat(answer.status()).isEqualTo(400);
    }

    @Test
    void subjectNamesWithReservedCharactersWorkWhenEncoded() {
        String name = "a/b c-" + UUID.randomUUID();
        String encoded = name.replace("/", "%2F").replace(" ", "%20");
        int id = register(encoded, V1);

        assertThat(http.get("/subjects/" + encoded + "/versions/1").json().get("subject").asText()).isEqualTo(name);
        assertThat(strings(http.get("/schemas/ids/" + id + "/subjects").json())).contains(name);
    }

    // ------------------------------------------------------------ lookup

    @Test
    void lookupAnswersSubjectVersionIdAndSchema() {
        register(subject, V1);
        int id = register(subject, V2);

        Answer answer = http.post("/subjects/" + subject, schemaBody(V2));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("subject").asText()).isEqualTo(subject);
        assertThat(json.get("version").asInt()).isEqualTo(2);
        assertThat(json.get("id").asInt()).isEqualTo(id);
        assertThat(json.get("schema").asText()).isEqualTo(canonical(V2));
    }

    @Test
    void lookupInAnUnknownSubjectIs40401() {
        Answer answer = http.post("/subjects/" + subject, schemaBody(V1));
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo(40401);
    }

    @Test
    void lookupOfAnUnregisteredSchemaIs40403() {
        register(subject, V1);
        Answer answer = http.post("/subjects/" + subject, schemaBody(V2));
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo(40403);
    }

    // ------------------------------------------------------------ schemas by id

    @Test
    void schemaByIdAnswersTheSchema() {
        int id = register(subject, V1);

        Answer answer = http.get("/schemas/ids/" + id);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("schema").asText()).isEqualTo(canonical(V1));
        assertThat(answer.json().has("schemaType")).as("AVRO is implied, as in Confluent's answers").isFalse();
    }

    @Test
    void unknownSchemaIdIs40403() {
        Answer answer = http.get("/schemas/ids/987654");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo(40403);
        assertThat(http.get("/schemas/ids/987654/subjects").errorCode()).isEqualTo(40403);
        assertThat(http.get("/schemas/ids/987654/versions").errorCode()).isEqualTo(40403);
    }

    @Test
    void subjectsAndVersionsOfASchemaId() {
        String unique = record("Shared" + UUID.randomUUID().toString().replace("-", ""), field("x", "int"));
        int id = register(subject, unique);
        register(subject + "-b", unique);

        assertThat(strings(http.get("/schemas/ids/" + id + "/subjects").json()))
                .containsExactly(subject, subject + "-b");
        JsonNode versions = http.get("/schemas/ids/" + id + "/versions").json();
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("subject").asText()).isEqualTo(subject);
        assertThat(versions.get(0).get("version").asInt()).isEqualTo(1);
        assertThat(versions.get(1).get("subject").asText()).isEqualTo(subject + "-b");
    }

    // ------------------------------------------------------------ subjects and versions

    @Test
    void subjectListHidesSoftDeletedSubjectsUnlessAsked() {
        register(subject, V1);
        register(subject + "-gone", V1);
        http.delete("/subjects/" + subject + "-gone");

        assertThat(strings(http.get("/subjects").json())).contains(subject).doesNotContain(subject + "-gone");
        assertThat(strings(http.get("/subjects?deleted=true").json())).contains(subject, subject + "-gone");
        assertThat(strings(http.get("/subjects?subjectPrefix=" + subject).json())).containsExactly(subject);
    }

    @Test
    void versionsOfAnUnknownSubjectIs40401() {
        Answer answer = http.get("/subjects/" + subject + "/versions");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo(40401);
    }

    @Test
    void versionByNumberAndLatestAnswerSubjectVersionIdSchema() {
        int id1 = register(subject, V1);
        int id2 = register(subject, V2);

        JsonNode first = http.get("/subjects/" + subject + "/versions/1").json();
        assertThat(first.get("subject").asText()).isEqualTo(subject);
        assertThat(first.get("version").asInt()).isEqualTo(1);
        assertThat(first.get("id").asInt()).isEqualTo(id1);
        assertThat(first.get("schema").asText()).isEqualTo(canonical(V1));

        JsonNode latest = http.get("/subjects/" + subject + "/versions/latest").json();
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(id2);
        assertThat(http.get("/subjects/" + subject + "/versions/-1").json().get("version").asInt()).isEqualTo(2);
    }

    @Test
    void versionSchemaEndpointAnswersTheRawSchema() {
        register(subject, V1);

        Answer answer = http.get("/subjects/" + subject + "/versions/1/schema");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(canonical(V1));
        assertThat(http.get("/subjects/" + subject + "/versions/latest/schema").body()).isEqualTo(canonical(V1));
    }

    @Test
    void versionOfAnUnknownSubjectIs40401() {
        assertThat(http.get("/subjects/" + subject + "/versions/1").errorCode()).isEqualTo(40401);
        assertThat(http.get("/subjects/" + subject + "/versions/latest").errorCode()).isEqualTo(40401);
    }

    @Test
    void unknownVersionIs40402() {
        register(subject, V1);
        Answer answer = http.get("/subjects/" + subject + "/versions/7");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo(40402);
    }

    @Test
    void invalidVersionIs42202() {
        register(subject, V1);
        for (String bad : List.of("0", "-2", "abc", "1.5")) {
            Answer answer = http.get("/subjects/" + subject + "/versions/" + bad);
            assertThat(answer.status()).as(bad).isEqualTo(422);
            assertThat(answer.errorCode()).as(bad).isEqualTo(42202);
        }
    }

    // ------------------------------------------------------------ deleting subjects

    @Test
    void softDeletingASubjectAnswersItsVersionsAndHidesIt() {
        int id = register(subject, V1);
        register(subject, V2);

        Answer answer = http.delete("/subjects/" + subject);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(ints(answer.json())).containsExactly(1, 2);
        assertThat(http.get("/subjects/" + subject + "/versions").errorCode()).isEqualTo(40401);
        assertThat(ints(http.get("/subjects/" + subject + "/versions?deleted=true").json())).containsExactly(1, 2);
        assertThat(http.get("/subjects/" + subject + "/versions/1?deleted=true").status()).isEqualTo(200);
        // Consumers can still decode old data: the id keeps its schema.
        assertThat(http.get("/schemas/ids/" + id).status()).isEqualTo(200);
    }

    @Test
    void softDeletingASoftDeletedSubjectIs40404() {
        register(subject, V1);
        http.delete("/subjects/" + subject);

        Answer answer = http.delete("/subjects/" + subject);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo(40404);
    }

    @Test
    void permanentlyDeletingWithoutASoftDeleteFirstIs40405() {
        register(subject, V1);

        Answer answer = http.delete("/subjects/" + subject + "?permanent=true");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo(40405);
        assertThat(http.get("/subjects/" + subject + "/versions").status()).isEqualTo(200);
    }

    @Test
    void permanentDeleteAfterSoftDeleteRemovesTheSubjectAndItsOnlyUseOfAnId() {
        String unique = record("OnlyHere" + UUID.randomUUID().toString().replace("-", ""), field("x", "int"));
        int id = register(subject, unique);
        http.delete("/subjects/" + subject);

        Answer answer = http.delete("/subjects/" + subject + "?permanent=true");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(ints(answer.json())).containsExactly(1);
        assertThat(strings(http.get("/subjects?deleted=true").json())).doesNotContain(subject);
        assertThat(http.get("/schemas/ids/" + id).errorCode()).isEqualTo(40403);
        assertThat(http.delete("/subjects/" + subject).errorCode()).isEqualTo(40401);
    }

    @Test
    void deletingAnUnknownSubjectIs40401() {
        assertThat(http.delete("/subjects/" + subject).errorCode()).isEqualTo(40401);
        assertThat(http.delete("/subjects/" + subject + "?permanent=true").errorCode()).isEqualTo(40401);
    }

    @Test
    void registeringAgainAfterASoftDeleteContinuesTheVersionNumbersWithTheSameId() {
        int id = register(subject, V1);
        http.delete("/subjects/" + subject);

        int again = register(subject, V1);

        assertThat(again).isEqualTo(id);
        assertThat(ints(http.get("/subjects/" + subject + "/versions").json())).containsExactly(2);
    }

    // ------------------------------------------------------------ deleting versions

    @Test
    void softDeletingAVersionAnswersItsNumberAndHidesIt() {
        register(subject, V1);
        register(subject, V2);

        Answer answer = http.delete("/subjects/" + subject + "/versions/2");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("2");
        assertThat(ints(http.get("/subjects/" + subject + "/versions").json())).containsExactly(1);
        assertThat(http.get("/subjects/" + subject + "/versions/2").errorCode()).isEqualTo(40402);
        assertThat(http.get("/subjects/" + subject + "/versions/latest").json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void deletingTheLatestVersionByName() {
        register(subject, V1);
        register(subject, V2);

        assertThat(http.delete("/subjects/" + subject + "/versions/latest").body()).isEqualTo("2");
        assertThat(ints(http.get("/subjects/" + subject + "/versions?deleted=true").json())).containsExactly(1, 2);
    }

    @Test
    void softDeletingASoftDeletedVersionIs40406() {
        register(subject, V1);
        register(subject, V2);
        http.delete("/subjects/" + subject + "/versions/1");

        Answer answer = http.delete("/subjects/" + subject + "/versions/1");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo(40406);
    }

    @Test
    void permanentlyDeletingALiveVersionIs40407() {
        register(subject, V1);

        Answer answer = http.delete("/subjects/" + subject + "/versions/1?permanent=true");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo(40407);
    }

    @Test
    void permanentlyDeletingASoftDeletedVersionRemovesIt() {
        register(subject, V1);
        register(subject, V2);
        http.delete("/subjects/" + subject + "/versions/1");

        Answer answer = http.delete("/subjects/" + subject + "/versions/1?permanent=true");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("1");
        assertThat(ints(http.get("/subjects/" + subject + "/versions?deleted=true").json())).containsExactly(2);
    }

    @Test
    void deletingVersionsOfUnknownSubjectsOrVersionsOrBadVersions() {
        assertThat(http.delete("/subjects/" + subject + "/versions/1").errorCode()).isEqualTo(40401);
        register(subject, V1);
        assertThat(http.delete("/subjects/" + subject + "/versions/9").errorCode()).isEqualTo(40402);
        assertThat(http.delete("/subjects/" + subject + "/versions/zero").errorCode()).isEqualTo(42202);
    }

    // ------------------------------------------------------------ compatibility endpoint

    @Test
    void compatibilityAgainstLatestAnswersIsCompatible() {
        register(subject, V1);

        Answer compatible = http.post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody(V2));
        Answer incompatible = http.post("/compatibility/subjects/" + subject + "/versions/latest",
                schemaBody(BACKWARD_INCOMPATIBLE));

        assertThat(compatible.status()).isEqualTo(200);
        assertThat(compatible.body()).isEqualTo("{\"is_compatible\":true}");
        assertThat(incompatible.body()).isEqualTo("{\"is_compatible\":false}");
    }

    @Test
    void verboseCompatibilityExplainsWhy() {
        register(subject, V1);

        JsonNode answer = http.post("/compatibility/subjects/" + subject + "/versions/1?verbose=true",
                schemaBody(BACKWARD_INCOMPATIBLE)).json();

        assertThat(answer.get("is_compatible").asBoolean()).isFalse();
        assertThat(strings(answer.get("messages"))).anySatisfy(m -> assertThat(m)
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("age"));
        JsonNode ok = http.post("/compatibility/subjects/" + subject + "/versions/1?verbose=true", schemaBody(V2)).json();
        assertThat(ok.get("is_compatible").asBoolean()).isTrue();
        assertThat(ok.get("messages")).isEmpty();
    }

    @Test
    void compatibilityWithLatestOfANewSubjectIsTrue() {
        Answer answer = http.post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody(V1));
        assertThat(answer.json().get("is_compatible").asBoolean()).isTrue();
    }

    @Test
    void compatibilityAgainstAVersionOfAnUnknownSubjectIs40401() {
        Answer answer = http.post("/compatibility/subjects/" + subject + "/versions/1", schemaBody(V1));
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo(40401);
    }

    @Test
    void compatibilityAgainstAnUnknownVersionIs40402() {
        register(subject, V1);
        assertThat(http.post("/compatibility/subjects/" + subject + "/versions/5", schemaBody(V2)).errorCode())
                .isEqualTo(40402);
    }

    @Test
    void compatibilityWithAnInvalidVersionOrSchemaIs422() {
        register(subject, V1);
        assertThat(http.post("/compatibility/subjects/" + subject + "/versions/0", schemaBody(V2)).errorCode())
                .isEqualTo(42202);
        assertThat(http.post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody("{")).errorCode())
                .isEqualTo(42201);
    }

    @Test
    void compatibilityAgainstAllVersionsFollowsTheSubjectsLevel() {
        http.put("/config/" + subject, "{\"compatibility\":\"NONE\"}");
        register(subject, V1);
        register(subject, V2);
        http.put("/config/" + subject, "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}");
        // Reads V2 data (it has "branch") but not V1 data (no default for "branch").
        String branchWithoutDefault = record("Member", field("id", "string"), field("branch", "string"));

        assertThat(http.post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody(branchWithoutDefault))
                .json().get("is_compatible").asBoolean()).isTrue();
        assertThat(http.post("/compatibility/subjects/" + subject + "/versions", schemaBody(branchWithoutDefault))
                .json().get("is_compatible").asBoolean()).isFalse();
    }

    // ------------------------------------------------------------ config

    @Test
    void globalConfigIsBackwardByDefaultAndCanBeChanged() {
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        try {
            Answer put = http.put("/config", "{\"compatibility\":\"FULL\"}");
            assertThat(put.status()).isEqualTo(200);
            assertThat(put.body()).isEqualTo("{\"compatibility\":\"FULL\"}");
            assertThat(http.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        } finally {
            Answer reset = http.delete("/config");
            assertThat(reset.json().get("compatibilityLevel").asText()).isEqualTo("FULL");
        }
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void anInvalidCompatibilityLevelIs42203() {
        Answer global = http.put("/config", "{\"compatibility\":\"SIDEWAYS\"}");
        assertThat(global.status()).isEqualTo(422);
        assertThat(global.errorCode()).isEqualTo(42203);
        assertThat(http.put("/config/" + subject, "{\"compatibility\":\"SIDEWAYS\"}").errorCode()).isEqualTo(42203);
        assertThat(http.put("/config/" + subject, "{}").errorCode()).isEqualTo(42203);
    }

    @Test
    void subjectConfigCanBeSetReadAndDeleted() {
        Answer put = http.put("/config/" + subject, "{\"compatibility\":\"FORWARD_TRANSITIVE\"}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body()).isEqualTo("{\"compatibility\":\"FORWARD_TRANSITIVE\"}");
        assertThat(http.get("/config/" + subject).body()).isEqualTo("{\"compatibilityLevel\":\"FORWARD_TRANSITIVE\"}");

        Answer deleted = http.delete("/config/" + subject);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("compatibilityLevel").asText()).isEqualTo("FORWARD_TRANSITIVE");
        assertThat(http.get("/config/" + subject).errorCode()).isEqualTo(40408);
    }

    @Test
    void subjectWithoutItsOwnLevelIs40408UnlessDefaultToGlobal() {
        register(subject, V1);

        Answer own = http.get("/config/" + subject);
        assertThat(own.status()).isEqualTo(404);
        assertThat(own.errorCode()).isEqualTo(40408);
        assertThat(http.get("/config/" + subject + "?defaultToGlobal=true").json().get("compatibilityLevel").asText())
                .isEqualTo(http.get("/config").json().get("compatibilityLevel").asText());
    }

    @Test
    void deletingTheConfigOfASubjectWithoutOneIs40401() {
        Answer answer = http.delete("/config/" + subject);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo(40401);
    }

    @Test
    void theSubjectLevelGovernsRegistration() {
        register(subject, V1);
        http.put("/config/" + subject, "{\"compatibility\":\"NONE\"}");

        assertThat(http.post("/subjects/" + subject + "/versions", schemaBody(BACKWARD_INCOMPATIBLE)).status())
                .isEqualTo(200);
    }

    @Test
    void modeIsReadWrite() {
        assertThat(http.get("/mode").body()).isEqualTo("{\"mode\":\"READWRITE\"}");
    }
}
