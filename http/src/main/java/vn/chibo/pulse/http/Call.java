package vn.chibo.pulse.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** One request as a route sees it: it has passed the Host check, the limits and authentication. */
public final class Call {

    private final String method;
    private final String path;
    private final String rawQuery;
    private final Map<String, String> params;
    private final UnaryOperator<String> headers;
    private final byte[] body;
    private String rawPath;

    /** {@code headers} gives a request header's first value by name, or null. */
    public Call(String method, String path, String rawQuery, UnaryOperator<String> headers) {
        this(method, path, rawQuery, headers, new byte[0]);
    }

    /** With the request's body, read whole (within the limit) for the routes that take one. */
    public Call(String method, String path, String rawQuery, UnaryOperator<String> headers, byte[] body) {
        this.body = body;
        this.method = method;
        this.path = path;
        this.rawQuery = rawQuery == null ? "" : rawQuery;
        this.params = Collections.unmodifiableMap(params(this.rawQuery));
        this.headers = headers;
    }

    public String method() {
        return method;
    }

    /** The decoded path, e.g. {@code /api/current}. */
    public String path() {
        return path;
    }

    /** The path as sent, still percent-encoded (a registry subject may hold an encoded slash). */
    public String rawPath() {
        return rawPath == null ? path : rawPath;
    }

    /** This call with the path as sent. */
    public Call withRawPath(String raw) {
        this.rawPath = raw;
        return this;
    }

    /** The query as sent, without {@code ?}; empty if none. */
    public String rawQuery() {
        return rawQuery;
    }

    /** The decoded query parameters (the last of a name given twice). */
    public Map<String, String> params() {
        return params;
    }

    /** A query parameter, or null. */
    public String param(String name) {
        return params.get(name);
    }

    /** The request's body: empty for a GET, or for a route that takes none. */
    public byte[] body() {
        return body;
    }

    /** A request header's first value, or null. */
    public String header(String name) {
        return headers.apply(name);
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("malformed query parameter '" + pair + "': " + e.getMessage());
            }
        }
        return params;
    }
}
