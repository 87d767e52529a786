package vn.chibo.pulse.http.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import vn.chibo.pulse.http.ErrorShape;
import vn.chibo.pulse.http.Reply;

/** Jetty's own refusals (a malformed request, headers too large) in the server's {@link ErrorShape}, as ours. */
public final class JsonErrors extends ErrorHandler {

    private final ErrorShape shape;

    public JsonErrors(ErrorShape shape) {
        this.shape = shape;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        Reply reply = reply(code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        Reply reply = reply(status, reason);
        fields.put(HttpHeader.CONTENT_TYPE, reply.contentType());
        return ByteBuffer.wrap(reply.body());
    }

    private Reply reply(int code, String message) {
        return shape.reply(code, message == null || message.isBlank() ? "HTTP " + code : message);
    }
}
