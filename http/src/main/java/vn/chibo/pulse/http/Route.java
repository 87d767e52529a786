package vn.chibo.pulse.http;

/** Answers the GET (and HEAD) requests of one path or of the paths below a prefix. */
@FunctionalInterface
public interface Route {

    /**
     * The answer to {@code call}; null: no such resource (404). Throw {@link HttpError} for another
     * refusal; any other exception is logged and answered 500, in JSON like every error.
     */
    Reply answer(Call call) throws Exception;
}
