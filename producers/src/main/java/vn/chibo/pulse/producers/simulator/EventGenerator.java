package vn.chibo.pulse.producers.simulator;

import java.time.LocalDate;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.apache.avro.specific.SpecificRecord;

/**
 * Bounded, lazy streams of simulated events for tests and benchmarks: the reference data, the
 * initial load and live traffic up to a last day, produced one at a time so that even the
 * national scale (5.6 million members, 60,000 branches, 700 districts) streams without holding
 * the events in memory; only the member state (about 20 bytes a member) is held.
 *
 * <p>Dates are as simulated: pick {@code start} and {@code until} at most today so that every
 * event passes the date rules. Use {@code .limit(n)} for a number of events.
 */
public final class EventGenerator {
    private EventGenerator() {}

    /** Events of the Hà Tĩnh-shaped province from {@code start} to {@code until} (inclusive). */
    public static Stream<SimulatedEvent> haTinh(long seed, LocalDate start, LocalDate until) {
        return until(ProvinceSimulator.haTinh(seed, start), until);
    }

    /** Events of a synthetic organisation of the given scale from {@code start} to {@code until} (inclusive). */
    public static Stream<SimulatedEvent> synthetic(Scale scale, long seed, LocalDate start, LocalDate until) {
        return until(ProvinceSimulator.synthetic(scale, seed, start, ProvinceSimulator.DEFAULT_DUPLICATE_RATE,
                ProvinceSimulator.DEFAULT_INVALID_RATE), until);
    }

    /** The Avro envelopes only (ReferenceEvent, MemberEvent, MeetingEvent) of {@link #synthetic}. */
    public static Stream<SpecificRecord> envelopes(Scale scale, long seed, LocalDate start, LocalDate until) {
        return synthetic(scale, seed, start, until).map(SimulatedEvent::envelope);
    }

    /** Every event of {@code simulator} up to the end of {@code until}. */
    public static Stream<SimulatedEvent> until(ProvinceSimulator simulator, LocalDate until) {
        Iterator<SimulatedEvent> bounded = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return simulator.hasNextOnOrBefore(until);
            }

            @Override
            public SimulatedEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return simulator.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(bounded, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
