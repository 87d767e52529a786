package vn.chibo.pulse.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import vn.chibo.pulse.registry.client.CompatibilityLevel;

/**
 * Keys and values of the {@code _schemas} topic. The SCHEMA and CONFIG records have the field names of
 * Confluent's own store, so the topic reads the same to a person (or tool) who knows that one.
 */
final class LogCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogCodec() {
    }

    static byte[] key(LogRecord record) {
        ObjectNode key = JSON.createObjectNode();
        if (record instanceof LogRecord.SchemaVersion v) {
            schemaKey(key, v.subject(), v.version());
        } else if (record instanceof LogRecord.SchemaVersionRemoved r) {
            schemaKey(key, r.subject(), r.version());
        } else if (record instanceof LogRecord.LevelSetting s) {
            key.put("keytype", "CONFIG");
            key.put("subject", s.subject());
            key.put("magic", 0);
        } else if (record instanceof LogRecord.IdWatermark) {
            key.put("keytype", "ID_WATERMARK");
            key.put("magic", 0);
        }
        return bytes(key);
    }

    private static void schemaKey(ObjectNode key, String subject, int version) {
        key.put("keytype", "SCHEMA");
        key.put("subject", subject);
        key.put("version", version);
        key.put("magic", 1);
    }

    /** The value, or null for a tombstone. */
    static byte[] value(LogRecord record) {
        if (record instanceof LogRecord.SchemaVersion v) {
            ObjectNode value = JSON.createObjectNode();
            value.put("subject", v.subject());
            value.put("version", v.version());
            value.put("id", v.id());
            value.put("schema", v.schema());
            value.put("deleted", v.deleted());
            return bytes(value);
        }
        if (record instanceof LogRecord.LevelSetting s) {
            if (s.level() == null) {
                return null;
            }
            ObjectNode value = JSON.createObjectNode();
            value.put("compatibilityLevel", s.level().name());
            return bytes(value);
        }
        if (record instanceof LogRecord.IdWatermark w) {
            ObjectNode value = JSON.createObjectNode();
            value.put("maxId", w.maxId());
            return bytes(value);
        }
        return null;
    }

    /** The record a key and value stand for, or null for record types this registry does not use (e.g. NOOP). */
    static LogRecord decode(byte[] keyBytes, byte[] valueBytes) {
        JsonNode key = tree(keyBytes);
        String type = key.path("keytype").asText("");
        switch (type) {
            case "SCHEMA": {
                String subject = key.path("subject").asText();
                int version = key.path("version").asInt();
                if (valueBytes == null) {
                    return new LogRecord.SchemaVersionRemoved(subject, version);
                }
                JsonNode value = tree(valueBytes);
                String schemaType = value.path("schemaType").asText("AVRO");
                if (!"AVRO".equals(schemaType)) {
                    return null; // written by a registry with other formats; this one serves Avro only
                }
                return new LogRecord.SchemaVersion(subject, version, value.path("id").asInt(),
                        value.path("schema").asText(), value.path("deleted").asBoolean(false));
            }
            case "CONFIG": {
                JsonNode subjectNode = key.get("subject");
                String subject = subjectNode == null || subjectNode.isNull() ? null : subjectNode.asText();
                CompatibilityLevel level = valueBytes == null ? null
                        : CompatibilityLevel.forName(tree(valueBytes).path("compatibilityLevel").asText()).orElse(null);
                return new LogRecord.LevelSetting(subject, level);
            }
            case "ID_WATERMARK":
                return valueBytes == null ? null : new LogRecord.IdWatermark(tree(valueBytes).path("maxId").asInt());
            default:
                return null;
        }
    }

    private static JsonNode tree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
