package vn.chibo.pulse.registry.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.chibo.pulse.registry.client.CompatibilityLevel;
import vn.chibo.pulse.registry.client.RegistryException;

/**
 * Confluent's Schema Registry REST API over a {@link SchemaCatalog}: the routes, JSON shapes,
 * statuses and error codes. It knows nothing of sockets, so the same code answers the HTTP server
 * and the in-JVM {@code mock://} registries.
 */
public final class RestApi {

    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaCatalog catalog;

    public RestApi(SchemaCatalog catalog) {
        this.catalog = catalog;
    }

    public SchemaCatalog catalog() {
        return catalog;
    }

    /** Answers one request. {@code rawPath} and {@code rawQuery} are still percent-encoded. */
    public RestResponse handle(String method, String rawPath, String rawQuery, byte[] body) {
        try {
            return route(method, segments(rawPath), new Query(rawQuery), body);
        } catch (RegistryException e) {
            return error(e.status(), e.errorCode(), e.registryMessage());
        } catch (BadRequest e) {
            return error(400, 400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Schema registry request {} {} failed", method, rawPath, e);
            return error(500, RegistryException.STORE_ERROR, "Internal error: " + e);
        }
    }

    private RestResponse route(String method, List<String> p, Query q, byte[] body) {
        int n = p.size();
        if (n == 0) {
            return only(method, "GET", () -> ok(JSON.createObjectNode()));
        }
        switch (p.get(0)) {
            case "subjects":
                return subjects(method, p, q, body);
            case "schemas":
                return schemas(method, p, q);
            case "config":
                return config(method, p, q, body);
            case "compatibility":
                if (n >= 4 && n <= 5 && p.get(1).equals("subjects") && p.get(3).equals("versions")) {
                    return only(method, "POST", () -> compatibility(p.get(2), n == 5 ? p.get(4) : null, q, body));
                }
                return notFound();
            case "mode":
                if (n == 1 || n == 2) {
                    // Only READWRITE exists here: no import mode, no read-only mode.
                    return only(method, "GET", () -> ok(object("mode", "READWRITE")));
                }
                return notFound();
            default:
                return notFound();
        }
    }

    // /subjects...
    private RestResponse subjects(String method, List<String> p, Query q, byte[] body) {
        int n = p.size();
        if (n == 1) {
            return only(method, "GET", () -> ok(strings(catalog.subjects(q.flag("deleted"), q.get("subjectPrefix")))));
        }
        String subject = p.get(1);
        if (n == 2) {
            switch (method) {
                case "POST": {
                    StoredVersion v = catalog.lookup(subject, schemaOf(body), q.flag("deleted"));
                    return ok(versionJson(v));
                }
                case "DELETE":
                    return ok(ints(catalog.deleteSubject(subject, q.flag("permanent"))));
                default:
                    return methodNotAllowed();
            }
        }
        if (!p.get(2).equals("versions")) {
            return notFound();
        }
        if (n == 3) {
            switch (method) {
                case "GET":
                    return ok(ints(catalog.versions(subject, q.flag("deleted"))));
                case "POST":
                    return ok(object("id", catalog.register(subject, schemaOf(body))));
                default:
                    return methodNotAllowed();
            }
        }
        String version = p.get(3);
        if (n == 4) {
            switch (method) {
                case "GET":
                    return ok(versionJson(catalog.version(subject, version, q.flag("deleted"))));
                case "DELETE":
                    return ok(JSON.getNodeFactory().numberNode(catalog.deleteVersion(subject, version, q.flag("permanent"))));
                default:
                    return methodNotAllowed();
            }
        }
        if (n == 5 && p.get(4).equals("schema")) {
            return only(method, "GET", () -> raw(catalog.version(subject, version, q.flag("deleted")).schema()));
        }
        if (n == 5 && p.get(4).equals("referencedby")) {
            // Schema references are not supported, so nothing refers to anything.
            return only(method, "GET", () -> {
                catalog.version(subject, version, true);
                return ok(JSON.createArrayNode());
            });
        }
        return notFound();
    }

    // /schemas...
    private RestResponse schemas(String method, List<String> p, Query q) {
        int n = p.size();
        if (n == 2 && p.get(1).equals("types")) {
            return only(method, "GET", () -> ok(strings(List.of("AVRO"))));
        }
        if (n < 3 || !p.get(1).equals("ids")) {
            return notFound();
        }
        int id = schemaId(p.get(2));
        if (n == 3) {
            return only(method, "GET", () -> ok(object("schema", catalog.schemaById(id))));
        }
        if (n == 4) {
            switch (p.get(3)) {
                case "schema":
                    return only(method, "GET", () -> raw(catalog.schemaById(id)));
                case "subjects":
                    return only(method, "GET", () -> ok(strings(
                            catalog.versionsById(id, q.flag("deleted")).stream().map(StoredVersion::subject).distinct().toList())));
                case "versions":
                    return only(method, "GET", () -> {
                        ArrayNode array = JSON.createArrayNode();
                        for (StoredVersion v : catalog.versionsById(id, q.flag("deleted"))) {
                            array.addObject().put("subject", v.subject()).put("version", v.version());
                        }
                        return ok(array);
                    });
                default:
                    return notFound();
            }
        }
        return notFound();
    }

    // /config and /config/{subject}
    private RestResponse config(String method, List<String> p, Query q, byte[] body) {
        int n = p.size();
        if (n == 1) {
            switch (method) {
                case "GET":
                    return ok(object("compatibilityLevel", catalog.globalLevel().name()));
                case "PUT": {
                    CompatibilityLevel level = levelOf(body);
                    catalog.setLevel(null, level);
                    return ok(object("compatibility", level.name()));
                }
                case "DELETE":
                    return ok(object("compatibilityLevel", catalog.deleteGlobalLevel().name()));
                default:
                    return methodNotAllowed();
            }
        }
        if (n != 2) {
            return notFound();
        }
        String subject = p.get(1);
        switch (method) {
            case "GET": {
                CompatibilityLevel level = catalog.subjectLevel(subject)
                        .or(() -> q.flag("defaultToGlobal") ? java.util.Optional.of(catalog.globalLevel()) : java.util.Optional.empty())
                        .orElseThrow(() -> RegistryErrors.subjectLevelNotConfigured(subject));
                return ok(object("compatibilityLevel", level.name()));
            }
            case "PUT": {
                CompatibilityLevel level = levelOf(body);
                catalog.setLevel(subject, level);
                return ok(object("compatibility", level.name()));
            }
            case "DELETE":
                return ok(object("compatibilityLevel", catalog.deleteSubjectLevel(subject).name()));
            default:
                return methodNotAllowed();
        }
    }

    private RestResponse compatibility(String subject, String version, Query q, byte[] body) {
        String schema = schemaOf(body);
        boolean verbose = q.flag("verbose");
        List<String> problems;
        try {
            problems = catalog.compatibilityProblems(subject, version, schema);
        } catch (RegistryException e) {
            if (verbose && e.errorCode() == RegistryException.INVALID_SCHEMA) {
                problems = List.of(e.registryMessage()); // as Confluent: verbose turns a bad schema into a message
            } else {
                throw e;
            }
        }
        ObjectNode result = JSON.createObjectNode();
        result.put("is_compatible", problems.isEmpty());
        if (verbose) {
            result.set("messages", strings(problems));
        }
        return ok(result);
    }

    // ---------------------------------------------------------------- request bodies

    /** The schema text of a register/lookup/compatibility request; only Avro without references. */
    private static String schemaOf(byte[] body) {
        JsonNode request = parse(body);
        String type = request.path("schemaType").asText("AVRO");
        if (!type.equalsIgnoreCase("AVRO")) {
            throw RegistryErrors.invalidSchema("schema type " + type + " is not supported, only AVRO");
        }
        JsonNode references = request.get("references");
        if (references != null && references.isArray() && references.size() > 0) {
            throw RegistryErrors.invalidSchema("schema references are not supported");
        }
        JsonNode schema = request.get("schema");
        if (schema == null || schema.isNull()) {
            throw RegistryErrors.invalidSchema("the request has no \"schema\" field");
        }
        if (!schema.isTextual()) {
            throw RegistryErrors.invalidSchema("\"schema\" must be a string holding the schema's JSON");
        }
        return schema.asText();
    }

    private static CompatibilityLevel levelOf(byte[] body) {
        JsonNode request = parse(body);
        JsonNode level = request.has("compatibility") ? request.get("compatibility") : request.get("compatibilityLevel");
        String name = level == null || level.isNull() ? null : level.asText();
        return CompatibilityLevel.forName(name).orElseThrow(() -> RegistryErrors.invalidCompatibilityLevel(name));
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new BadRequest("The request has no body");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("The request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest("Malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequest("Unreadable body: " + e.getMessage());
        }
    }

    private static int schemaId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryErrors.schemaNotFound(text);
        }
    }

    // ---------------------------------------------------------------- responses

    private static ObjectNode versionJson(StoredVersion v) {
        ObjectNode node = JSON.createObjectNode();
        node.put("subject", v.subject());
        node.put("version", v.version());
        node.put("id", v.id());
        node.put("schema", v.schema());
        return node;
    }

    private static ObjectNode object(String field, String value) {
        return JSON.createObjectNode().put(field, value);
    }

    private static ObjectNode object(String field, int value) {
        return JSON.createObjectNode().put(field, value);
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static ArrayNode ints(List<Integer> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static RestResponse ok(JsonNode node) {
        try {
            return new RestResponse(200, JSON.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A schema as the {@code .../schema} endpoints give it: the schema's own JSON, unwrapped. */
    private static RestResponse raw(String schema) {
        return new RestResponse(200, schema.getBytes(StandardCharsets.UTF_8));
    }

    static RestResponse error(int status, int code, String message) {
        return RestResponse.error(status, code, message);
    }

    private static RestResponse notFound() {
        return error(404, 404, "HTTP 404 Not Found");
    }

    private static RestResponse methodNotAllowed() {
        return error(405, 405, "HTTP 405 Method Not Allowed");
    }

    private static RestResponse only(String method, String allowed, java.util.function.Supplier<RestResponse> action) {
        return method.equals(allowed) ? action.get() : methodNotAllowed();
    }

    // ---------------------------------------------------------------- URLs

    /** Path segments, each percent-decoded on its own so that an encoded '/' stays inside a subject name. */
    static List<String> segments(String rawPath) {
        List<String> result = new ArrayList<>();
        if (rawPath == null) {
            return result;
        }
        for (String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                result.add(percentDecode(part));
            }
        }
        return result;
    }

    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi * 16 + lo);
                    i += 3;
                    continue;
                }
            }
            int end = i + Character.charCount(s.codePointAt(i));
            byte[] bytes = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length);
            i = end;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static final class Query {
        private final Map<String, String> values = new HashMap<>();

        Query(String raw) {
            if (raw == null || raw.isEmpty()) {
                return;
            }
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                values.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }

        String get(String key) {
            return values.get(key);
        }

        boolean flag(String key) {
            return Boolean.parseBoolean(values.get(key));
        }
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
