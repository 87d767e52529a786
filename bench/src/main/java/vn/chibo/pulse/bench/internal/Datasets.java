package vn.chibo.pulse.bench.internal;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.serialization.Serializer;

import vn.chibo.pulse.producers.simulator.EventGenerator;
import vn.chibo.pulse.producers.simulator.ProvinceSimulator;
import vn.chibo.pulse.producers.simulator.Scale;
import vn.chibo.pulse.producers.simulator.SimulatedEvent;

/**
 * The events the bench sends, all from the project's own simulator (deterministic for a seed):
 * the Hà Tĩnh-shaped province for throughput, the raw limit, the naive peer and freshness, and a
 * year at the chosen scale for the replay.
 */
public final class Datasets {
    /** Years of province history simulated: the first is the throughput batch, the rest feed the steady loads. */
    static final int PROVINCE_YEARS = 10;

    private Datasets() {}

    /**
     * The province's events, in {@code copies} disjoint copies of the same simulation (copy 0 with
     * the simulation's own ids, copy k with them prefixed {@code Kk-}: see {@link EventCopies}), so
     * that the batch is long enough for the pipeline to reach its pace and keep it. Per copy,
     * {@link #batch(int)} is the initial load of every member and the first simulated year, after
     * {@link #reference(int)}; {@link #nextLoad(int)} continues every copy's simulation in turn, so
     * its events fit the state the batch left.
     */
    public static final class Province {
        private final ProvinceSimulator[] simulators;
        private final String[] prefixes;
        private final EventBatch[] references;
        private final EventBatch[] batches;
        private final Map<SimulatedEvent.Phase, Integer> batchPhases = new EnumMap<>(SimulatedEvent.Phase.class);
        private final long membersActiveAfterBatch;
        private final long batchEvents;
        private final long batchBytes;
        private final Serializer<Object> serializer;
        private final LocalDate firstDay;
        private final LocalDate lastBatchDay;
        private final LocalDate today;
        private int nextCopy;

        Province(long seed, LocalDate today, int copies, Serializer<Object> serializer) {
            this.serializer = serializer;
            this.today = today;
            this.firstDay = today.withDayOfMonth(1).minusYears(PROVINCE_YEARS);
            this.lastBatchDay = firstDay.plusYears(1).minusDays(1);
            this.simulators = new ProvinceSimulator[copies];
            this.prefixes = new String[copies];
            this.references = new EventBatch[copies];
            this.batches = new EventBatch[copies];
            long active = 0;
            long events = 0;
            long bytes = 0;
            for (int k = 0; k < copies; k++) {
                simulators[k] = ProvinceSimulator.haTinh(seed, firstDay);
                prefixes[k] = k == 0 ? "" : "K" + (k + 1) + "-";
                EventBatch.Builder ref = EventBatch.builder(serializer);
                EventBatch.Builder rest = EventBatch.builder(serializer);
                while (simulators[k].hasNextOnOrBefore(lastBatchDay)) {
                    SimulatedEvent e = simulators[k].next();
                    (e.phase() == SimulatedEvent.Phase.REFERENCE ? ref : rest).add(EventCopies.renamed(e.envelope(), prefixes[k]));
                    batchPhases.merge(e.phase(), 1, Integer::sum);
                }
                references[k] = ref.build();
                batches[k] = rest.build();
                active += simulators[k].counts().membersActive();
                events += batches[k].size();
                bytes += batches[k].bytes();
            }
            this.membersActiveAfterBatch = active;
            this.batchEvents = events;
            this.batchBytes = bytes;
        }

        public int copies() {
            return batches.length;
        }

        /** Copy {@code k}'s reference data (districts, communes, branches), which the pipeline must hold before its batch. */
        public EventBatch reference(int k) {
            return references[k];
        }

        /** Copy {@code k}'s initial load of every member and first simulated year of live traffic. */
        public EventBatch batch(int k) {
            return batches[k];
        }

        public long referenceEvents() {
            long n = 0;
            for (EventBatch b : references) {
                n += b.size();
            }
            return n;
        }

        public long batchEvents() {
            return batchEvents;
        }

        public long batchBytes() {
            return batchBytes;
        }

        /** Lets the batches go once they are sent: the freshness loads need the heap. */
        public void forgetBatches() {
            Arrays.fill(batches, null);
        }

        /** Events of reference data and batch per phase of the simulation, all copies together. */
        public Map<SimulatedEvent.Phase, Integer> batchPhases() {
            return batchPhases;
        }

        /** Active members once every copy's batch is applied, as the simulations count them. */
        public long membersActiveAfterBatch() {
            return membersActiveAfterBatch;
        }

        public LocalDate firstDay() {
            return firstDay;
        }

        public LocalDate lastBatchDay() {
            return lastBatchDay;
        }

        /**
         * The next {@code n} events after those already taken, one copy after the other (fewer if
         * every copy reaches today); each copy's events stay in their order.
         */
        public EventBatch nextLoad(int n) {
            EventBatch.Builder b = EventBatch.builder(serializer);
            int exhausted = 0;
            while (b.size() < n && exhausted < simulators.length) {
                int k = nextCopy;
                nextCopy = (nextCopy + 1) % simulators.length;
                if (simulators[k].hasNextOnOrBefore(today)) {
                    b.add(EventCopies.renamed(simulators[k].next().envelope(), prefixes[k]));
                    exhausted = 0;
                } else {
                    exhausted++;
                }
            }
            return b.build();
        }
    }

    public static Province province(long seed, LocalDate today, int copies, Serializer<Object> serializer) {
        return new Province(seed, today, copies, serializer);
    }

    /** A year of events at a scale, and the simulation's own count of active members once they are all taken. */
    public record Year(Stream<SimulatedEvent> events, ProvinceSimulator simulator) {
        public long membersActive() {
            return simulator.counts().membersActive();
        }
    }

    /** How many events a year holds and how many members are active at its end, as the simulation counts them. */
    public record YearSize(long events, long referenceEvents, long membersActive) {}

    /**
     * The size of {@link #year}, from a first pass of the same simulation (deterministic for the
     * seed) that makes the events and drops them: a national year in ~15 s, so that the replay can
     * say how far it got of how many, and what it should end with.
     */
    public static YearSize yearSize(Scale scale, long seed, LocalDate today) {
        Year year = year(scale, seed, today);
        long events = 0;
        long reference = 0;
        for (Iterator<SimulatedEvent> it = year.events().iterator(); it.hasNext(); ) {
            if (it.next().phase() == SimulatedEvent.Phase.REFERENCE) {
                reference++;
            }
            events++;
        }
        return new YearSize(events, reference, year.membersActive());
    }

    /**
     * One simulated year at {@code scale} (null: the Hà Tĩnh-shaped province), ending before the
     * current month: reference data, the initial load, then a year of live traffic.
     */
    public static Year year(Scale scale, long seed, LocalDate today) {
        LocalDate start = today.withDayOfMonth(1).minusYears(1);
        LocalDate until = start.plusYears(1).minusDays(1);
        ProvinceSimulator simulator = scale == null
                ? ProvinceSimulator.haTinh(seed, start)
                : ProvinceSimulator.synthetic(scale, seed, start, ProvinceSimulator.DEFAULT_DUPLICATE_RATE,
                        ProvinceSimulator.DEFAULT_INVALID_RATE);
        return new Year(EventGenerator.until(simulator, until), simulator);
    }
}
