package vn.chibo.pulse.registry.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/** An HTTP answer of the registry: status and JSON body. */
public record RestResponse(int status, byte[] body) {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An error in Confluent's shape: {@code {"error_code":…,"message":…}}. */
    public static RestResponse error(int status, int errorCode, String message) {
        try {
            return new RestResponse(status, JSON.writeValueAsBytes(
                    JSON.createObjectNode().put("error_code", errorCode).put("message", message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
