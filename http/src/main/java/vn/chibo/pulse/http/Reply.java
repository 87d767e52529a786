package vn.chibo.pulse.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An answer: status, content type, headers and body. */
public final class Reply {

    public static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String contentType;
    private final byte[] body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Reply(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    /** {@code body} as JSON, not to be cached. */
    public static Reply json(int status, Object body) {
        try {
            return new Reply(status, JSON_TYPE, JSON.writeValueAsBytes(body)).header("Cache-Control", "no-store");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON: " + e.getMessage(), e);
        }
    }

    public static Reply ok(Object jsonBody) {
        return json(200, jsonBody);
    }

    /** {@code {"error": message}} with {@code status}. */
    public static Reply error(int status, String message) {
        return json(status, Map.of("error", message == null ? "" : message));
    }

    public static Reply bytes(int status, String contentType, byte[] body) {
        return new Reply(status, contentType, body);
    }

    public static Reply text(int status, String contentType, String body) {
        return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** 304: the client's copy is current. */
    public static Reply notModified() {
        return new Reply(304, null, new byte[0]);
    }

    /** This reply with a header set. */
    public Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    /** Null when there is no body. */
    public String contentType() {
        return contentType;
    }

    public byte[] body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
