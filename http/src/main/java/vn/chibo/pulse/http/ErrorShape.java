package vn.chibo.pulse.http;

/**
 * How a server writes its refusals and errors: {@code {"error": message}} by default ({@link Reply#error}); the
 * registry writes Confluent's {@code {"error_code": …, "message": …}}.
 */
@FunctionalInterface
public interface ErrorShape {

    Reply reply(int status, String message);
}
