package vn.chibo.pulse.registry.server;

import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import vn.chibo.pulse.http.AllowedHosts;
import vn.chibo.pulse.http.BasicAuthentication;
import vn.chibo.pulse.registry.internal.RestResponse;

/**
 * What a request must satisfy before the REST API sees it, answered in Confluent's error shape: a Host the
 * server is known by, credentials when authentication is on, a declared body within the limit, and for
 * POST and PUT one of the content types Confluent's registry consumes.
 */
final class RequestGate {

    /** The JSON types Confluent's registry accepts for request bodies. */
    static final Set<String> CONTENT_TYPES = Set.of(
            "application/vnd.schemaregistry.v1+json", "application/vnd.schemaregistry+json", "application/json");

    private final AllowedHosts allowedHosts;
    private final BasicAuthentication authentication;
    private final int maxBodyBytes;

    /** {@code authentication} null: none; {@code allowedHosts} empty: any Host. */
    RequestGate(List<String> allowedHosts, BasicAuthentication authentication, int maxBodyBytes) {
        this.allowedHosts = AllowedHosts.of(allowedHosts);
        this.authentication = authentication;
        this.maxBodyBytes = maxBodyBytes;
    }

    int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The refusal of a request, or empty when it may be read and answered. */
    Optional<RestResponse> refusal(String method, Headers headers) {
        String host = headers.getFirst("Host");
        if (!allowedHosts.admits(host)) {
            return Optional.of(RestResponse.error(400, 400, "This server is not known by the host name '" + host + "'"));
        }
        if (authentication != null && !authentication.admits(headers.getFirst("Authorization"))) {
            return Optional.of(RestResponse.error(401, 401, "Unauthorized: valid basic credentials are required"));
        }
        String length = headers.getFirst("Content-Length");
        if (length != null && declaredTooLong(length)) {
            return Optional.of(tooLarge());
        }
        if ((method.equals("POST") || method.equals("PUT")) && !CONTENT_TYPES.contains(mediaType(headers))) {
            return Optional.of(RestResponse.error(415, 415, "HTTP 415 Unsupported Media Type: send "
                    + "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json or application/json"));
        }
        return Optional.empty();
    }

    /** The WWW-Authenticate challenge of a 401 answer. */
    String challenge() {
        return authentication.challenge();
    }

    RestResponse tooLarge() {
        return RestResponse.error(413, 413, "HTTP 413 Payload Too Large: a request body may have at most "
                + maxBodyBytes + " bytes");
    }

    private boolean declaredTooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // the JDK server refuses a malformed length itself
        }
    }

    private static String mediaType(Headers headers) {
        String type = headers.getFirst("Content-Type");
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
