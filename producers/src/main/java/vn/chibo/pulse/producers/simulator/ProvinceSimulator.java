package vn.chibo.pulse.producers.simulator;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.producers.simulator.SimulatedEvent.Phase;
import vn.chibo.pulse.producers.simulator.internal.Organisation;
import vn.chibo.pulse.producers.simulator.internal.Reorganisation;
import vn.chibo.pulse.producers.simulator.internal.Simulation;

/**
 * A province's commune systems at work: first the reference data (districts, communes,
 * branches), then one MemberRegistered for every member active when the system starts, then
 * day after day of live traffic — monthly regular meetings of most branches, thematic meetings,
 * admissions, confirmations about a year later, transfers within and across districts, out of
 * and into the province, deaths, removals, expulsions, yearly grading with the odd re-grade,
 * unexcused absences (a few members miss regular meetings in three or more months of a year and
 * are at risk), quality scores of meetings (a tail of poor ones in some branches), exemptions of
 * elderly members from party activities, late corrections and retractions of meetings, and the
 * odd duplicate and invalid event. The province may be two-tier from the start or be reorganised
 * on a date ({@link Shape}).
 *
 * <p>{@link #haTinh} runs on the bundled reference data of a province shaped like Hà Tĩnh: 13
 * districts, 220 communes, 1,602 village, 308 street-group and 660 other branches, and an initial
 * load of exactly 100,274 active members, 63,924 of them in village and street-group branches.
 *
 * <p>The same seed and start date always give the same events, eventIds included, so a run that
 * is repeated is ignored by the pipeline as duplicates. As an {@link Iterator} it never ends; use
 * {@link #run} to pace it against a clock, or {@link EventGenerator} for a bounded stream.
 */
public final class ProvinceSimulator implements Iterator<SimulatedEvent> {
    /** Active members of the Hà Tĩnh-shaped province at the start. */
    public static final int HA_TINH_MEMBERS = 100_274;
    /** Of them, members of VILLAGE and STREET_GROUP branches. */
    public static final int HA_TINH_MEMBERS_IN_VILLAGE_AND_STREET_GROUP = 63_924;
    public static final double DEFAULT_DUPLICATE_RATE = 0.001;
    public static final double DEFAULT_INVALID_RATE = 0.001;

    private final Simulation simulation;
    private final LocalDate start;

    private ProvinceSimulator(Simulation simulation, LocalDate start) {
        this.simulation = simulation;
        this.start = start;
    }

    /** The Hà Tĩnh-shaped province with the default rates of duplicates and invalid events (0.1 % each). */
    public static ProvinceSimulator haTinh(long seed, LocalDate start) {
        return haTinh(seed, start, DEFAULT_DUPLICATE_RATE, DEFAULT_INVALID_RATE);
    }

    /**
     * @param duplicateRate share of live events sent twice
     * @param invalidRate   deliberately invalid events per live event
     */
    public static ProvinceSimulator haTinh(long seed, LocalDate start, double duplicateRate, double invalidRate) {
        return haTinh(seed, start, duplicateRate, invalidRate, Shape.DISTRICTS, null);
    }

    /**
     * @param shape        {@link Shape#DISTRICTS}: the 13 district-level units and 220 communes; {@link Shape#TWO_TIER}: 69
     *                     communes and wards directly under the province (Commune records with a null districtCode), the
     *                     same branches and members
     * @param reorganiseOn with {@link Shape#DISTRICTS}, the simulated day on which the province becomes two-tier (upserts
     *                     that merge the communes and move them under the province, as Hà Tĩnh on 1 July 2025); null for never
     */
    public static ProvinceSimulator haTinh(long seed, LocalDate start, double duplicateRate, double invalidRate, Shape shape,
                                           LocalDate reorganiseOn) {
        Objects.requireNonNull(start, "start");
        if (shape == Shape.TWO_TIER && reorganiseOn != null) {
            throw new IllegalArgumentException("a two-tier province has no districts to reorganise");
        }
        Organisation districts = Organisation.haTinh();
        Reorganisation reform = new Reorganisation(districts.referenceEvents(), Reorganisation.HA_TINH_MERGED_COMMUNES);
        Organisation org = shape == Shape.TWO_TIER ? districts.withReferenceEvents(reform.twoTierReference()) : districts;
        return new ProvinceSimulator(new Simulation(org, seed, start, HA_TINH_MEMBERS_IN_VILLAGE_AND_STREET_GROUP,
                HA_TINH_MEMBERS - HA_TINH_MEMBERS_IN_VILLAGE_AND_STREET_GROUP, duplicateRate, invalidRate, reform, reorganiseOn), start);
    }

    /** A synthetic organisation of any size (e.g. {@link Scale#national()}), 64 % of its members in village and street-group branches. */
    public static ProvinceSimulator synthetic(Scale scale, long seed, LocalDate start, double duplicateRate, double invalidRate) {
        Objects.requireNonNull(start, "start");
        int villageAndStreetGroup = (int) Math.round(scale.members() * 0.64);
        return new ProvinceSimulator(new Simulation(Organisation.synthetic(scale), seed, start, villageAndStreetGroup,
                scale.members() - villageAndStreetGroup, duplicateRate, invalidRate), start);
    }

    /** The default start: the first day of the month twelve months before today in Vietnam, so that a year of history fills in first. */
    public static LocalDate defaultStart(Clock clock) {
        return EventRules.today(clock).withDayOfMonth(1).minusMonths(12);
    }

    /** The bundled reference data in the JSON Lines format of SPEC.md §2 (districts, communes, branches). */
    public static InputStream haTinhReferenceData() {
        return ProvinceSimulator.class.getResourceAsStream(Organisation.HA_TINH_RESOURCE);
    }

    public LocalDate start() {
        return start;
    }

    /** Always true: live traffic has no end. */
    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public SimulatedEvent next() {
        return simulation.next();
    }

    /** Whether an event dated on or before {@code until} comes next; no day after {@code until} is simulated to find out. */
    public boolean hasNextOnOrBefore(LocalDate until) {
        return simulation.hasNextOnOrBefore(until);
    }

    /** The phase the next event belongs to (REFERENCE, INITIAL_LOAD or LIVE). */
    public Phase nextPhase() {
        return simulation.phase();
    }

    /** What has been produced so far, and the member state now. Thread-safe. */
    public SimulationCounts counts() {
        return simulation.counts();
    }

    /**
     * How a run keeps time.
     *
     * @param speed    simulated seconds per second of wall time for live traffic (86,400: a day a second);
     *                 {@link Double#POSITIVE_INFINITY} for as fast as possible
     * @param until    the last simulated day to emit, or null for no end
     * @param realTime when true, a live event also waits until its own moment has come in Vietnam, so a run that
     *                 catches up with the present goes on in real time; when false it waits only for its date to
     *                 come (never emitting a date after today)
     */
    public record Pacing(double speed, LocalDate until, boolean realTime, Clock clock) {
        public Pacing {
            if (!(speed > 0)) {
                throw new IllegalArgumentException("speed must be above 0, got " + speed);
            }
            Objects.requireNonNull(clock, "clock");
        }

        /** As fast as the dates allow, up to {@code until} (at most today). */
        public static Pacing asFastAsPossible(LocalDate until, Clock clock) {
            return new Pacing(Double.POSITIVE_INFINITY, until, false, clock);
        }
    }

    /**
     * Emits events into {@code sink} until {@code pacing.until} is passed or {@code stop} says so.
     * The reference data and the initial load go first, unpaced, and are flushed (acknowledged,
     * for Kafka) before the first live event.
     *
     * @param initialOnly stop after the initial load
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    public void run(EventSink sink, Pacing pacing, boolean initialOnly, BooleanSupplier stop) throws InterruptedException {
        Instant wallStart = null;
        LocalDateTime liveStart = start.atStartOfDay();
        Phase previous = null;
        while (!stop.getAsBoolean()) {
            Phase phase = nextPhase();
            if (phase != previous && previous != null) {
                sink.flush(); // reference before members, the initial load before live traffic
            }
            previous = phase;
            if (phase == Phase.LIVE) {
                if (initialOnly) {
                    break;
                }
                if (wallStart == null) {
                    wallStart = pacing.clock().instant();
                }
            }
            if (pacing.until() != null && !hasNextOnOrBefore(pacing.until())) {
                break;
            }
            SimulatedEvent e = next();
            if (phase == Phase.LIVE) {
                if (!waitFor(e.at(), liveStart, wallStart, pacing, stop)) {
                    break;
                }
            }
            sink.accept(e);
        }
        sink.flush();
    }

    private static boolean waitFor(LocalDateTime at, LocalDateTime liveStart, Instant wallStart, Pacing pacing, BooleanSupplier stop)
            throws InterruptedException {
        Instant due = pacing.realTime() ? at.atZone(EventRules.ZONE).toInstant() : at.toLocalDate().atStartOfDay(EventRules.ZONE).toInstant();
        if (!Double.isInfinite(pacing.speed())) {
            double simulatedSeconds = Duration.between(liveStart, at).toMillis() / 1000.0;
            Instant byPace = wallStart.plusMillis((long) (simulatedSeconds / pacing.speed() * 1000));
            if (byPace.isAfter(due)) {
                due = byPace;
            }
        }
        while (true) {
            long wait = Duration.between(pacing.clock().instant(), due).toMillis();
            if (wait <= 0) {
                return true;
            }
            if (stop.getAsBoolean()) {
                return false;
            }
            Thread.sleep(Math.min(wait, 200));
        }
    }
}
