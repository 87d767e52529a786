package vn.chibo.pulse.dashboard;

import java.io.IOException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the dashboard reads the aggregates of SPEC §3. The live implementation asks the streams
 * app's interactive-query HTTP API; anything else that holds the same figures can stand in.
 * Every method may fail with an {@link IOException} when the source cannot be reached; the
 * dashboard then keeps showing its last figures and says the source is down.
 */
public interface AggregateSource extends AutoCloseable {

    /** District code to official name, as the reference data holds it. */
    Map<String, String> districtNames() throws IOException;

    /** Current totals, one entry per district that has any. */
    List<DistrictTotals> current() throws IOException;

    /** Monthly figures of every district for the months {@code from} to {@code to}, both included. */
    List<MonthlyFigures> monthly(YearMonth from, YearMonth to) throws IOException;

    /** Yearly figures of every district for one year. */
    List<YearlyFigures> yearly(int year) throws IOException;

    /** Events refused by the pipeline per reason, and those that may still be. */
    RejectionCounts rejections() throws IOException;

    /**
     * When the aggregates last changed, if the source knows. A cheap call: the dashboard asks it
     * several times a second and reads the rest only when the answer moves.
     */
    Optional<Instant> lastChanged() throws IOException;

    @Override
    default void close() {}
}
