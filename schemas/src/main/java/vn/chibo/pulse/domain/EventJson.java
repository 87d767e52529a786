package vn.chibo.pulse.domain;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.ReferenceEvent;

/**
 * The JSON Lines interchange format of SPEC.md §2, both ways.
 *
 * <p>{@link #parse} is strict (SPEC v2): a field must have exactly its JSON type (integers are
 * JSON integers, not {@code 1.5} nor {@code "3"}; booleans are {@code true}/{@code false}; dates
 * are strings {@code YYYY-MM-DD}), enum values are spelt exactly as listed, and {@code null} is
 * accepted only where the contract allows it (fromBranchId, toBranchId and status of a
 * transfer, a Commune's districtCode, qualityScore). Every field of the type is required, even
 * where null is allowed, except {@link #OPTIONAL_FIELDS}; a field the type does not define is
 * refused, so that a misspelt field never changes the meaning of an event silently. Then
 * {@link EventRules} is applied.
 *
 * <p>The parser follows the Avro schemas of the envelopes, so a field added to a schema is
 * read and written here without further code.
 */
public final class EventJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    private static final int MAX_SHOWN = 60;
    /** The only fields that may be left out (SPEC v2 §2): a meeting that was not scored. */
    private static final Set<String> OPTIONAL_FIELDS = Set.of("qualityScore");

    /** Every event type, by the name written in {@code type}, in the order of SPEC.md §2. */
    private static final Map<String, EventType> TYPES = new LinkedHashMap<>();

    static {
        register(ReferenceEvent.getClassSchema(), (id, p) -> new ReferenceEvent(id, p));
        register(MemberEvent.getClassSchema(), (id, p) -> new MemberEvent(id, p));
        register(MeetingEvent.getClassSchema(), (id, p) -> new MeetingEvent(id, p));
    }

    private EventJson() {}

    /** The names an event's {@code type} may take: District, Commune, Branch, MemberRegistered … MeetingRetracted. */
    public static List<String> typeNames() {
        return List.copyOf(TYPES.keySet());
    }

    /**
     * Parses and checks one line.
     *
     * @param line  one JSON object (without its line terminator)
     * @param today today's date in Vietnam ({@link EventRules#today(java.time.Clock)})
     */
    public static ParseResult parse(String line, LocalDate today) {
        try {
            SpecificRecord envelope = read(line);
            Optional<Rejection> broken = EventRules.check(envelope, today);
            if (broken.isPresent()) {
                return ParseResult.rejected(broken.get());
            }
            return ParseResult.accepted(ParsedEvent.of(envelope));
        } catch (Refusal r) {
            return ParseResult.rejected(r.rejection);
        }
    }

    /** Writes an envelope as one JSON line (without a line terminator), the inverse of {@link #parse}. */
    public static String toJson(SpecificRecord envelope) {
        EventKeys.topicOf(envelope); // refuses anything but an envelope
        SpecificRecord payload = (SpecificRecord) envelope.get(1);
        StringWriter out = new StringWriter(192);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", payload.getSchema().getName());
            g.writeStringField("eventId", (String) envelope.get(0));
            for (Schema.Field field : payload.getSchema().getFields()) {
                g.writeFieldName(field.name());
                writeValue(g, payload.get(field.pos()));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof CharSequence s) {
            g.writeString(s.toString());
        } else if (value instanceof Integer i) {
            g.writeNumber(i);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof LocalDate d) {
            g.writeString(d.toString());
        } else if (value instanceof Enum<?> e) {
            g.writeString(e.name());
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    // ---------------------------------------------------------------- reading

    private static SpecificRecord read(String line) {
        JsonNode root;
        try {
            root = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new Refusal(RejectionReason.INVALID_JSON, "not valid JSON: " + jacksonMessage(e));
        }
        if (root == null || root.isMissingNode()) {
            throw new Refusal(RejectionReason.INVALID_JSON, "not valid JSON: the line is empty");
        }
        if (!root.isObject()) {
            throw new Refusal(RejectionReason.INVALID_JSON, "not a JSON object: got " + show(root));
        }
        JsonNode typeNode = root.get("type");
        if (typeNode == null) {
            throw new Refusal(RejectionReason.MISSING_FIELD, "field 'type' is missing");
        }
        if (!typeNode.isTextual()) {
            throw new Refusal(RejectionReason.WRONG_TYPE, "field 'type' must be a string, got " + show(typeNode));
        }
        EventType type = TYPES.get(typeNode.textValue());
        if (type == null) {
            throw new Refusal(RejectionReason.UNKNOWN_TYPE, "unknown type " + show(typeNode)
                    + "; expected one of " + String.join(", ", TYPES.keySet()));
        }
        refuseUnknownFields(root, type);
        String eventId = string("eventId", root.get("eventId"));
        SpecificRecord payload = type.newPayload();
        for (Schema.Field field : type.schema.getFields()) {
            JsonNode node = root.get(field.name());
            Object value;
            if (node == null) {
                if (!OPTIONAL_FIELDS.contains(field.name())) {
                    throw new Refusal(RejectionReason.MISSING_FIELD, "field '" + field.name() + "' is missing");
                }
                value = defaultOf(field);
            } else {
                value = convert(field.name(), field.schema(), node);
            }
            payload.put(field.pos(), value);
        }
        return type.envelope.apply(eventId, payload);
    }

    private static void refuseUnknownFields(JsonNode root, EventType type) {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!type.fieldNames.contains(name)) {
                throw new Refusal(RejectionReason.UNKNOWN_FIELD, "field '" + escaped(name) + "' is not defined for "
                        + type.schema.getName() + " (its fields: " + String.join(", ", type.fieldNames) + ")");
            }
        }
    }

    private static Object defaultOf(Schema.Field field) {
        Object value = SpecificData.get().getDefaultValue(field);
        if (value instanceof List<?> list) {
            return new ArrayList<>(list); // never share the default's instance
        }
        return value;
    }

    private static Object convert(String name, Schema schema, JsonNode node) {
        if (schema.getType() == Schema.Type.UNION) {
            if (node.isNull() && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL)) {
                return null;
            }
            Schema nonNull = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst()
                    .orElseThrow(() -> new IllegalStateException("union without a non-null branch: " + name));
            return convert(name, nonNull, node);
        }
        if (node.isNull()) {
            throw new Refusal(RejectionReason.MISSING_FIELD, "field '" + name + "' must not be null");
        }
        switch (schema.getType()) {
            case STRING:
                return string(name, node);
            case BOOLEAN:
                if (!node.isBoolean()) {
                    throw wrongType(name, "true or false", node);
                }
                return node.booleanValue();
            case INT:
                if (schema.getLogicalType() instanceof LogicalTypes.Date) {
                    return date(name, node);
                }
                if (!node.isIntegralNumber()) {
                    throw wrongType(name, "an integer", node);
                }
                if (!node.canConvertToInt()) {
                    throw wrongType(name, "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE, node);
                }
                return node.intValue();
            case ENUM:
                return enumValue(name, schema, node);
            case ARRAY:
                if (!node.isArray()) {
                    throw wrongType(name, "an array", node);
                }
                List<Object> items = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    items.add(convert(name + "[" + i + "]", schema.getElementType(), node.get(i)));
                }
                return items;
            default:
                throw new IllegalStateException("field '" + name + "' has a schema type the JSON format does not know: " + schema);
        }
    }

    private static String string(String name, JsonNode node) {
        if (node == null) {
            throw new Refusal(RejectionReason.MISSING_FIELD, "field '" + name + "' is missing");
        }
        if (node.isNull()) {
            throw new Refusal(RejectionReason.MISSING_FIELD, "field '" + name + "' must not be null");
        }
        if (!node.isTextual()) {
            throw wrongType(name, "a string", node);
        }
        return node.textValue();
    }

    private static LocalDate date(String name, JsonNode node) {
        if (node.isTextual()) {
            String text = node.textValue();
            // ISO_LOCAL_DATE would also take "+12024-01-01"; the contract says YYYY-MM-DD
            if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
                try {
                    return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
                } catch (DateTimeParseException e) {
                    // falls through to the refusal below
                }
            }
        }
        throw wrongType(name, "a date YYYY-MM-DD", node);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(String name, Schema schema, JsonNode node) {
        if (!node.isTextual()) {
            throw wrongType(name, "a string, one of " + String.join(", ", schema.getEnumSymbols()), node);
        }
        String symbol = node.textValue();
        if (!schema.hasEnumSymbol(symbol)) {
            throw new Refusal(RejectionReason.INVALID_ENUM, "field '" + name + "' must be one of "
                    + String.join(", ", schema.getEnumSymbols()) + ", got " + show(node));
        }
        Class enumClass = SpecificData.get().getClass(schema);
        return Enum.valueOf(enumClass, symbol);
    }

    private static Refusal wrongType(String name, String expected, JsonNode got) {
        return new Refusal(RejectionReason.WRONG_TYPE, "field '" + name + "' must be " + expected + ", got " + show(got));
    }

    /** The offending value as JSON, shortened so that a huge value does not flood the report. */
    private static String show(JsonNode node) {
        String text = node.toString();
        if (text.length() > MAX_SHOWN) {
            return text.substring(0, MAX_SHOWN) + "…";
        }
        return text;
    }

    /** A name from the input as it is spelt in JSON (escapes for control characters), shortened. */
    private static String escaped(String name) {
        String quoted = TextNode.valueOf(name).toString();
        String text = quoted.substring(1, quoted.length() - 1);
        return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "…" : text;
    }

    private static String jacksonMessage(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        // Jackson names its input source ("[Source: REDACTED ...; line: 1, column: 1]"); the line number is ours to give
        message = message.replace('\n', ' ').replace('\r', ' ').replaceAll("\\[Source: [^;]*; ", "[");
        if (e.getLocation() != null && e.getLocation().getColumnNr() > 0) {
            message += " (at column " + e.getLocation().getColumnNr() + ")";
        }
        return message;
    }

    private static void register(Schema envelopeSchema, BiFunction<String, Object, SpecificRecord> envelope) {
        for (Schema payloadSchema : envelopeSchema.getField("payload").schema().getTypes()) {
            TYPES.put(payloadSchema.getName(), new EventType(payloadSchema, envelope));
        }
    }

    private static final class EventType {
        final Schema schema;
        final BiFunction<String, Object, SpecificRecord> envelope;
        final Class<?> payloadClass;
        /** type, eventId and the payload's fields, in the order a line writes them. */
        final Set<String> fieldNames = new LinkedHashSet<>();

        EventType(Schema schema, BiFunction<String, Object, SpecificRecord> envelope) {
            this.schema = schema;
            this.envelope = envelope;
            fieldNames.add("type");
            fieldNames.add("eventId");
            schema.getFields().forEach(f -> fieldNames.add(f.name()));
            this.payloadClass = SpecificData.get().getClass(schema);
            if (payloadClass == null) {
                throw new IllegalStateException("no generated class for " + schema.getFullName());
            }
        }

        SpecificRecord newPayload() {
            return (SpecificRecord) SpecificData.newInstance(payloadClass, schema);
        }
    }

    /** A refusal found while reading; cheap, since bad lines can be many. */
    private static final class Refusal extends RuntimeException {
        final Rejection rejection;

        Refusal(RejectionReason reason, String message) {
            super(message, null, false, false);
            this.rejection = Rejection.of(reason, message);
        }
    }
}
