package vn.chibo.pulse.registry.server;

import java.util.Locale;
import java.util.Set;

import vn.chibo.pulse.http.Call;
import vn.chibo.pulse.http.Reply;
import vn.chibo.pulse.registry.internal.RestApi;
import vn.chibo.pulse.registry.internal.RestResponse;

/**
 * The registry's own rule on top of the shared HTTP layer (which checks Host, credentials and the body's size):
 * for POST and PUT one of the content types Confluent's registry consumes; then the REST API. Every answer and
 * refusal is in Confluent's shape.
 */
final class RequestGate {

    /** The JSON types Confluent's registry accepts for request bodies. */
    static final Set<String> CONTENT_TYPES = Set.of(
            "application/vnd.schemaregistry.v1+json", "application/vnd.schemaregistry+json", "application/json");

    private RequestGate() {
    }

    /** Answers one call with the REST API, unless its content type is not one Confluent's registry consumes (415). */
    static Reply answer(RestApi api, Call call) {
        if ((call.method().equals("POST") || call.method().equals("PUT")) && !CONTENT_TYPES.contains(mediaType(call))) {
            return reply(RestResponse.error(415, 415, "HTTP 415 Unsupported Media Type: send "
                    + "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json or application/json"));
        }
        return reply(api.handle(call.method(), call.rawPath(), call.rawQuery().isEmpty() ? null : call.rawQuery(), call.body()));
    }

    /** A refusal of the shared layer (400 unknown Host, 401, 413, 503, Jetty's own) in Confluent's shape. */
    static Reply refusal(int status, String message) {
        String text = status == 413 && !message.startsWith("HTTP 413") ? "HTTP 413 " + message : message;
        return reply(RestResponse.error(status, status, text));
    }

    private static Reply reply(RestResponse response) {
        return Reply.bytes(response.status(), response.body().length == 0 ? null : RestResponse.CONTENT_TYPE, response.body());
    }

    private static String mediaType(Call call) {
        String type = call.header("Content-Type");
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
