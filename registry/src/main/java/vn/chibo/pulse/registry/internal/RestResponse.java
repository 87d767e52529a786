package vn.chibo.pulse.registry.internal;

import java.nio.charset.StandardCharsets;

/** An HTTP answer of the registry: status and JSON body. */
public record RestResponse(int status, byte[] body) {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
