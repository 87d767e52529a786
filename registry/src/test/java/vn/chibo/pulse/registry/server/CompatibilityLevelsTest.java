package vn.chibo.pulse.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.chibo.pulse.registry.server.RegistryHttp.field;
import static vn.chibo.pulse.registry.server.RegistryHttp.record;
import static vn.chibo.pulse.registry.server.RegistryHttp.schemaBody;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.chibo.pulse.registry.client.CompatibilityLevel;

/**
 * Each of the seven levels decides registration as Confluent documents it. Each history is registered
 * under NONE, then the level is set and a candidate schema registered: accepted, or refused with 409.
 */
class CompatibilityLevelsTest {

    private static SchemaRegistryServer server;
    private static RegistryHttp http;

    @BeforeAll
    static void start() {
        server = SchemaRegistryServer.startInMemory("127.0.0.1", 0);
        http = new RegistryHttp(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final String A = field("a", "int");
    private static final String B_DEFAULTED = field("b", "int", "0");
    private static final String B = field("b", "int");
    private static final String C = field("c", "int");
    private static final String D_DEFAULTED = field("d", "int", "0");

    /** A field without default added: new readers fail on old data; old readers ignore the field. */
    private static final List<String> ADDED_REQUIRED_FIELD = List.of(record("R", A), record("R", A, B));
    /** A field without default removed: new readers ignore it; old readers miss it. */
    private static final List<String> REMOVED_REQUIRED_FIELD = List.of(record("R", A, C), record("R", A));
    /**
     * Candidate can read version 2 (it has b) but not version 1 (no b, and the candidate gives b no
     * default): only the transitive backward levels look back at version 1.
     */
    private static final List<String> BACKWARD_TRAP = List.of(record("R", A), record("R", A, B_DEFAULTED), record("R", A, B));
    /**
     * Version 2's readers can read the candidate, version 1's cannot (they need c): only the transitive
     * forward levels look back at version 1.
     */
    private static final List<String> FORWARD_TRAP = List.of(record("R", A, C), record("R", A), record("R", A, D_DEFAULTED));

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(CompatibilityLevel.NONE, ADDED_REQUIRED_FIELD, true),
                Arguments.of(CompatibilityLevel.NONE, REMOVED_REQUIRED_FIELD, true),
                Arguments.of(CompatibilityLevel.BACKWARD, ADDED_REQUIRED_FIELD, false),
                Arguments.of(CompatibilityLevel.BACKWARD, REMOVED_REQUIRED_FIELD, true),
                Arguments.of(CompatibilityLevel.FORWARD, ADDED_REQUIRED_FIELD, true),
                Arguments.of(CompatibilityLevel.FORWARD, REMOVED_REQUIRED_FIELD, false),
                Arguments.of(CompatibilityLevel.FULL, ADDED_REQUIRED_FIELD, false),
                Arguments.of(CompatibilityLevel.FULL, REMOVED_REQUIRED_FIELD, false),
                Arguments.of(CompatibilityLevel.BACKWARD, BACKWARD_TRAP, true),
                Arguments.of(CompatibilityLevel.BACKWARD_TRANSITIVE, BACKWARD_TRAP, false),
                Arguments.of(CompatibilityLevel.FORWARD_TRANSITIVE, BACKWARD_TRAP, true),
                Arguments.of(CompatibilityLevel.FULL, BACKWARD_TRAP, true),
                Arguments.of(CompatibilityLevel.FULL_TRANSITIVE, BACKWARD_TRAP, false),
                Arguments.of(CompatibilityLevel.FORWARD, FORWARD_TRAP, true),
                Arguments.of(CompatibilityLevel.FORWARD_TRANSITIVE, FORWARD_TRAP, false),
                Arguments.of(CompatibilityLevel.BACKWARD_TRANSITIVE, FORWARD_TRAP, true),
                Arguments.of(CompatibilityLevel.FULL, FORWARD_TRAP, true),
                Arguments.of(CompatibilityLevel.FULL_TRANSITIVE, FORWARD_TRAP, false));
    }

    @ParameterizedTest(name = "{0}: {1} -> accepted {2}")
    @MethodSource("cases")
    void levelDecidesWhetherTheLastSchemaIsAccepted(CompatibilityLevel level, List<String> history, boolean accepted) {
        String subject = "levels-" + UUID.randomUUID();
        http.put("/config/" + subject, "{\"compatibility\":\"NONE\"}");
        for (String schema : history.subList(0, history.size() - 1)) {
            assertThat(http.post("/subjects/" + subject + "/versions", schemaBody(schema)).status()).isEqualTo(200);
        }
        http.put("/config/" + subject, "{\"compatibility\":\"" + level + "\"}");
        String candidate = history.get(history.size() - 1);

        boolean checkSays = http.post("/compatibility/subjects/" + subject + "/versions", schemaBody(candidate))
                .json().get("is_compatible").asBoolean();
        RegistryHttp.Answer registration = http.post("/subjects/" + subject + "/versions", schemaBody(candidate));

        assertThat(checkSays).isEqualTo(accepted);
        if (accepted) {
            assertThat(registration.status()).as(registration.body()).isEqualTo(200);
        } else {
            assertThat(registration.status()).as(registration.body()).isEqualTo(409);
            assertThat(registration.errorCode()).isEqualTo(409);
        }
    }

    @ParameterizedTest
    @MethodSource("levelNames")
    void everyLevelCanBeSetByNameInAnyCase(String name) {
        String subject = "names-" + UUID.randomUUID();
        RegistryHttp.Answer answer = http.put("/config/" + subject, "{\"compatibility\":\"" + name + "\"}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(http.get("/config/" + subject).json().get("compatibilityLevel").asText())
                .isEqualTo(name.toUpperCase(java.util.Locale.ROOT));
    }

    static Stream<String> levelNames() {
        return Stream.of("NONE", "backward", "BACKWARD_TRANSITIVE", "forward", "FORWARD_TRANSITIVE", "Full",
                "FULL_TRANSITIVE");
    }
}
