package vn.chibo.pulse.dashboard;

import java.io.IOException;

/**
 * What the dashboard still asks the streams app (its interactive-query HTTP API): the events it
 * refused. The figures themselves come from the analysts' PostgreSQL. May fail with an
 * {@link IOException} when the app cannot be reached; the page then says so and keeps the last counts.
 */
public interface StreamsState extends AutoCloseable {

    /** Events refused by the pipeline per reason, and those that may still be. */
    RejectionCounts rejections() throws IOException;

    @Override
    default void close() {}
}
