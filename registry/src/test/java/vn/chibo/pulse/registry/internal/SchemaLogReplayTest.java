package vn.chibo.pulse.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import vn.chibo.pulse.registry.client.CompatibilityLevel;
import vn.chibo.pulse.registry.client.RegistryException;

/** Rebuilding the registry from the schema log, including what compaction leaves of it. */
class SchemaLogReplayTest {

    /** A log that starts out holding the given records, as the topic would after compaction. */
    private static final class StoredLog implements SchemaLog {
        private final List<LogRecord> records;
        private Consumer<LogRecord> applier;

        StoredLog(List<LogRecord> records) {
            this.records = new ArrayList<>(records);
        }

        @Override
        public void start(Consumer<LogRecord> applier) {
            this.applier = applier;
            records.forEach(applier);
        }

        @Override
        public void append(List<LogRecord> appended) {
            records.addAll(appended);
            appended.forEach(applier);
        }

        @Override
        public void close() {
        }
    }

    private static final String STRING = "\"string\"";
    private static final String LONG = "\"long\"";

    @Test
    void aCompactedAwayMaximumIdIsNotHandedOutAgain() {
        // Id 2 belonged to a permanently deleted version: compaction removed its record, the watermark stays.
        SchemaCatalog catalog = new SchemaCatalog(new StoredLog(List.of(
                new LogRecord.SchemaVersion("a", 1, 1, STRING, false),
                new LogRecord.IdWatermark(2))), CompatibilityLevel.NONE).start();

        int id = catalog.register("b", LONG);

        assertThat(id).isEqualTo(3);
    }

    @Test
    void laterRecordsOfAVersionReplaceEarlierOnes() {
        SchemaCatalog catalog = new SchemaCatalog(new StoredLog(List.of(
                new LogRecord.SchemaVersion("a", 1, 1, STRING, false),
                new LogRecord.SchemaVersion("a", 2, 2, LONG, false),
                new LogRecord.SchemaVersion("a", 2, 2, LONG, true),
                new LogRecord.LevelSetting("a", CompatibilityLevel.FULL),
                new LogRecord.LevelSetting("a", null),
                new LogRecord.LevelSetting(null, CompatibilityLevel.FORWARD))), CompatibilityLevel.BACKWARD).start();

        assertThat(catalog.versions("a", false)).containsExactly(1);
        assertThat(catalog.versions("a", true)).containsExactly(1, 2);
        assertThat(catalog.subjectLevel("a")).isEmpty();
        assertThat(catalog.globalLevel()).isEqualTo(CompatibilityLevel.FORWARD);
        assertThat(catalog.schemaById(2)).isEqualTo(LONG);
    }

    @Test
    void aRemovedVersionTakesItsIdAlongWhenNothingElseUsesIt() {
        SchemaCatalog catalog = new SchemaCatalog(new StoredLog(List.of(
                new LogRecord.SchemaVersion("a", 1, 1, STRING, true),
                new LogRecord.SchemaVersion("b", 1, 1, STRING, false),
                new LogRecord.SchemaVersion("a", 2, 2, LONG, true),
                new LogRecord.SchemaVersionRemoved("a", 1),
                new LogRecord.SchemaVersionRemoved("a", 2))), CompatibilityLevel.BACKWARD).start();

        assertThat(catalog.schemaById(1)).isEqualTo(STRING);
        assertThatThrownBy(() -> catalog.schemaById(2))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThat(catalog.subjects(true, null)).containsExactly("b");
    }

    @Test
    void recordsAreReadInConfluentsKeyAndValueShapes() {
        LogRecord schema = LogCodec.decode(
                bytes("{\"keytype\":\"SCHEMA\",\"subject\":\"s-value\",\"version\":3,\"magic\":1}"),
                bytes("{\"subject\":\"s-value\",\"version\":3,\"id\":42,\"schema\":\"\\\"string\\\"\",\"deleted\":true}"));
        LogRecord tombstone = LogCodec.decode(
                bytes("{\"keytype\":\"SCHEMA\",\"subject\":\"s-value\",\"version\":3,\"magic\":1}"), null);
        LogRecord global = LogCodec.decode(bytes("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}"),
                bytes("{\"compatibilityLevel\":\"FULL\"}"));
        LogRecord noop = LogCodec.decode(bytes("{\"keytype\":\"NOOP\",\"magic\":0}"), null);

        assertThat(schema).isEqualTo(new LogRecord.SchemaVersion("s-value", 3, 42, STRING, true));
        assertThat(tombstone).isEqualTo(new LogRecord.SchemaVersionRemoved("s-value", 3));
        assertThat(global).isEqualTo(new LogRecord.LevelSetting(null, CompatibilityLevel.FULL));
        assertThat(noop).isNull();
    }

    @Test
    void everyRecordSurvivesEncodingAndDecoding() {
        for (LogRecord record : List.of(
                new LogRecord.SchemaVersion("s", 1, 7, STRING, false),
                new LogRecord.SchemaVersionRemoved("s", 1),
                new LogRecord.LevelSetting("s", CompatibilityLevel.FULL_TRANSITIVE),
                new LogRecord.LevelSetting("s", null),
                new LogRecord.LevelSetting(null, CompatibilityLevel.NONE),
                new LogRecord.IdWatermark(99))) {
            assertThat(LogCodec.decode(LogCodec.key(record), LogCodec.value(record))).isEqualTo(record);
        }
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
