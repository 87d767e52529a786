package vn.chibo.pulse.http.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import com.fasterxml.jackson.databind.ObjectMapper;

import vn.chibo.pulse.http.Reply;

/** Jetty's own refusals (a malformed request, headers too large, a body over the limit) in the same JSON as ours. */
public final class JsonErrors extends ErrorHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Reply.JSON_TYPE);
        response.write(true, body(code, message), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Reply.JSON_TYPE);
        return body(status, reason);
    }

    private static ByteBuffer body(int code, String message) {
        String text = message == null || message.isBlank() ? "HTTP " + code : message;
        try {
            return ByteBuffer.wrap(JSON.writeValueAsBytes(Map.of("error", text)));
        } catch (IOException e) {
            return ByteBuffer.wrap(("{\"error\":\"HTTP " + code + "\"}").getBytes(StandardCharsets.UTF_8));
        }
    }
}
