package vn.chibo.pulse.producers.simulator.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import org.apache.avro.specific.SpecificRecord;

import vn.chibo.pulse.domain.PartyRules;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.events.Grade;
import vn.chibo.pulse.events.LeaveReason;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MeetingRecorded;
import vn.chibo.pulse.events.MeetingRetracted;
import vn.chibo.pulse.events.MemberAdmitted;
import vn.chibo.pulse.events.MemberClassified;
import vn.chibo.pulse.events.MemberConfirmed;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberExempted;
import vn.chibo.pulse.events.MemberExemptionEnded;
import vn.chibo.pulse.events.MemberLeft;
import vn.chibo.pulse.events.MemberRegistered;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.events.MemberTransferred;
import vn.chibo.pulse.events.ReferenceEvent;
import vn.chibo.pulse.producers.simulator.SimulatedEvent;
import vn.chibo.pulse.producers.simulator.SimulatedEvent.Phase;
import vn.chibo.pulse.producers.simulator.SimulationCounts;

/**
 * The simulation engine: the reference data, then one MemberRegistered per member active at the
 * start, then day after day of live traffic, produced lazily as an iterator that never ends.
 *
 * <p>It tracks every member's branch and status and emits only member events that fit that
 * state, apart from the deliberate invalid ones, which it marks. A member gets at most one
 * member event per day (the invalid ones included), so the events of a day may be emitted in
 * any order of their times without breaking any member's history. Everything is drawn from one
 * seeded {@link SplittableRandom} in a fixed order: the same seed and start give the same events.
 */
public final class Simulation implements Iterator<SimulatedEvent> {

    /** Yearly rates, as fractions of the active members, and per-meeting probabilities. */
    static final double ADMISSIONS = 0.025;
    static final double DEATHS = 0.012;
    static final double REMOVALS = 0.0012;
    static final double EXPULSIONS = 0.0002;
    static final double TRANSFERS_WITHIN_DISTRICT = 0.010;
    static final double TRANSFERS_ACROSS_DISTRICTS = 0.004;
    static final double TRANSFERS_OUT = 0.003;
    static final double TRANSFERS_IN = 0.0035;
    static final double PROBATIONARY_AT_START = 0.026;
    static final double CHRONIC_ABSENTEES = 0.012;
    static final double REGULAR_MEETING_HELD = 0.965;
    static final double THEMATIC_MEETING_HELD = 0.30;
    static final double CORRECTION = 0.02;
    static final double RETRACTION = 0.003;
    static final double RE_RECORD_AFTER_RETRACTION = 0.25;
    static final double RE_GRADE = 0.004;
    static final double REMOVE_CHRONIC_ABSENTEE = 0.2;
    /** Members at the start old enough to be exempted from party activities (miễn sinh hoạt) one day. */
    static final double ELDERLY_AT_START = 0.06;
    /** Yearly share of the elderly members not yet exempt who are exempted, and of the exempt whose exemption ends. */
    static final double EXEMPTIONS = 0.25;
    static final double EXEMPTIONS_ENDED = 0.05;

    private static final byte PROBATIONARY = 1;
    private static final byte OFFICIAL = 2;
    private static final int FIRST_SECOND_OF_DAY = 7 * 3600;
    private static final int SECONDS_OF_WORKING_DAY = 14 * 3600;
    private static final DateTimeFormatter YYYYMM = DateTimeFormatter.ofPattern("yyyyMM");
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final Organisation org;
    private final SplittableRandom rnd;
    private final LocalDate start;
    private final String eventIdPrefix;
    private final double duplicateRate;
    private final double invalidRate;
    private final MeetingQuality quality;
    private final SplittableRandom traits; // who is elderly: apart, so that the initial load stays as it was for a seed
    private final Reorganisation reorganisation; // null: the tree never changes
    private final LocalDate reorganiseOn;

    // members, by index; branchOf is -1 for a member who is no longer active
    private int memberCount;
    private int initialMembers;
    private int[] branchOf;
    private int[] posInBranch;
    private int[] touchedDay;
    private byte[] status;
    private byte[] chronic;
    private byte[] elderly;
    private byte[] exempt;
    /** Months (bit 0 = January) of this year in which the member missed a regular meeting without good reason. */
    private short[] absentMonths;
    private final int[][] membersOf;
    private final int[] branchSize;
    private long active;
    private long official;
    private long inVillageOrStreetGroup;
    private long exempted;

    // each branch's habits
    private final byte[] regularDay;
    private final byte[] thematicDay;
    private final byte[] gradingOffset;

    private final PriorityQueue<Scheduled> agenda = new PriorityQueue<>(Comparator.comparingInt(Scheduled::day)
            .thenComparingLong(Scheduled::order));
    private long scheduledOrder;

    // iteration
    private Phase phase = Phase.REFERENCE;
    private int referenceIndex;
    private int initialIndex;
    private final ArrayDeque<SimulatedEvent> pending = new ArrayDeque<>();
    private LocalDate day;
    private int dayIndex = -1;
    private long sequence;

    // counts
    private long events;
    private long duplicates;
    private final Map<String, Long> byType = new LinkedHashMap<>();
    private final EnumMap<RejectionReason, Long> invalid = new EnumMap<>(RejectionReason.class);

    /**
     * @param membersInVillageAndStreetGroup active members at the start in VILLAGE and STREET_GROUP branches
     * @param membersInOther                 active members at the start in OTHER branches
     */
    public Simulation(Organisation org, long seed, LocalDate start, int membersInVillageAndStreetGroup, int membersInOther,
                      double duplicateRate, double invalidRate) {
        this(org, seed, start, membersInVillageAndStreetGroup, membersInOther, duplicateRate, invalidRate, null, null);
    }

    /**
     * @param reorganisation the upserts to publish on {@code reorganiseOn}, or null for a tree that never changes
     */
    public Simulation(Organisation org, long seed, LocalDate start, int membersInVillageAndStreetGroup, int membersInOther,
                      double duplicateRate, double invalidRate, Reorganisation reorganisation, LocalDate reorganiseOn) {
        this.org = org;
        this.reorganisation = reorganisation;
        this.reorganiseOn = reorganiseOn;
        this.quality = new MeetingQuality(seed, org.branches());
        this.traits = new SplittableRandom(~seed);
        this.rnd = new SplittableRandom(seed);
        this.start = start;
        this.eventIdPrefix = "s" + seed + "-" + start.format(YYYYMMDD) + "-";
        this.duplicateRate = duplicateRate;
        this.invalidRate = invalidRate;
        int branches = org.branches();
        this.membersOf = new int[branches][];
        this.branchSize = new int[branches];
        this.regularDay = new byte[branches];
        this.thematicDay = new byte[branches];
        this.gradingOffset = new byte[branches];
        for (int b = 0; b < branches; b++) {
            regularDay[b] = (byte) (1 + rnd.nextInt(28));
            thematicDay[b] = (byte) (1 + rnd.nextInt(28));
            gradingOffset[b] = (byte) rnd.nextInt(42);
        }
        placeInitialMembers(membersInVillageAndStreetGroup, membersInOther);
    }

    // ------------------------------------------------------------------ initial members

    private void placeInitialMembers(int villageAndStreetGroup, int other) {
        int branches = org.branches();
        double[] weights = new double[branches];
        for (int b = 0; b < branches; b++) {
            // agencies and enterprises vary more in size than villages
            weights[b] = org.isVillageOrStreetGroup(b) ? 0.6 + 0.8 * rnd.nextDouble() : 0.25 + 1.75 * rnd.nextDouble();
        }
        int[] size = new int[branches];
        apportion(villageAndStreetGroup, weights, size, true);
        apportion(other, weights, size, false);
        int total = villageAndStreetGroup + other;
        int capacity = Math.max(16, total + total / 8);
        branchOf = new int[capacity];
        posInBranch = new int[capacity];
        touchedDay = new int[capacity];
        status = new byte[capacity];
        chronic = new byte[capacity];
        elderly = new byte[capacity];
        exempt = new byte[capacity];
        absentMonths = new short[capacity];
        Arrays.fill(touchedDay, -1);
        for (int b = 0; b < branches; b++) {
            membersOf[b] = new int[size[b] + 8];
            for (int k = 0; k < size[b]; k++) {
                int m = newMember(b);
                elderly[m] = (byte) (traits.nextDouble() < ELDERLY_AT_START ? 1 : 0);
                status[m] = rnd.nextDouble() < PROBATIONARY_AT_START ? PROBATIONARY : OFFICIAL;
                if (status[m] == OFFICIAL) {
                    official++;
                } else {
                    schedule(1 + rnd.nextInt(365), Scheduled.Kind.CONFIRM, m, 0, null);
                }
            }
        }
        initialMembers = memberCount;
    }

    /** Shares {@code total} among the branches of one group in proportion to their weights, exactly. */
    private void apportion(int total, double[] weights, int[] into, boolean villageOrStreetGroup) {
        double sum = 0;
        List<Integer> group = new ArrayList<>();
        for (int b = 0; b < weights.length; b++) {
            if (org.isVillageOrStreetGroup(b) == villageOrStreetGroup) {
                group.add(b);
                sum += weights[b];
            }
        }
        if (group.isEmpty()) {
            if (total > 0) {
                throw new IllegalArgumentException(total + " members but no branch of that kind");
            }
            return;
        }
        int given = 0;
        double[] remainder = new double[group.size()];
        for (int i = 0; i < group.size(); i++) {
            double exact = total * weights[group.get(i)] / sum;
            int whole = (int) Math.floor(exact);
            into[group.get(i)] = whole;
            remainder[i] = exact - whole;
            given += whole;
        }
        Integer[] order = new Integer[group.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> x.equals(y) ? 0 : remainder[y] != remainder[x] ? Double.compare(remainder[y], remainder[x])
                : Integer.compare(x, y));
        for (int i = 0; given < total; i = (i + 1) % order.length) {
            into[group.get(order[i])]++;
            given++;
        }
    }

    private int newMember(int branch) {
        if (memberCount == branchOf.length) {
            int capacity = branchOf.length + branchOf.length / 2;
            branchOf = Arrays.copyOf(branchOf, capacity);
            posInBranch = Arrays.copyOf(posInBranch, capacity);
            touchedDay = Arrays.copyOf(touchedDay, capacity);
            Arrays.fill(touchedDay, memberCount, capacity, -1);
            status = Arrays.copyOf(status, capacity);
            chronic = Arrays.copyOf(chronic, capacity);
            elderly = Arrays.copyOf(elderly, capacity);
            exempt = Arrays.copyOf(exempt, capacity);
            absentMonths = Arrays.copyOf(absentMonths, capacity);
        }
        int m = memberCount++;
        chronic[m] = (byte) (rnd.nextDouble() < CHRONIC_ABSENTEES ? 1 : 0);
        join(m, branch);
        active++;
        return m;
    }

    private void join(int m, int branch) {
        int[] list = membersOf[branch];
        if (list == null || branchSize[branch] == list.length) {
            list = Arrays.copyOf(list == null ? new int[0] : list, Math.max(8, branchSize[branch] * 3 / 2 + 1));
            membersOf[branch] = list;
        }
        list[branchSize[branch]] = m;
        posInBranch[m] = branchSize[branch];
        branchSize[branch]++;
        branchOf[m] = branch;
        if (org.isVillageOrStreetGroup(branch)) {
            inVillageOrStreetGroup++;
        }
    }

    private void leaveBranch(int m) {
        int branch = branchOf[m];
        int[] list = membersOf[branch];
        int last = list[branchSize[branch] - 1];
        list[posInBranch[m]] = last;
        posInBranch[last] = posInBranch[m];
        branchSize[branch]--;
        branchOf[m] = -1;
        if (org.isVillageOrStreetGroup(branch)) {
            inVillageOrStreetGroup--;
        }
    }

    private void deactivate(int m) {
        leaveBranch(m);
        if (exempt[m] == 1) { // the exemption ends with the membership, without an event (SPEC v2 §2)
            exempt[m] = 0;
            exempted--;
        }
        active--;
        if (status[m] == OFFICIAL) {
            official--;
        }
    }

    // ------------------------------------------------------------------ iteration

    @Override
    public boolean hasNext() {
        return true; // live traffic never ends; the caller decides when to stop
    }

    @Override
    public synchronized SimulatedEvent next() {
        switch (phase) {
            case REFERENCE:
                if (referenceIndex < org.referenceEvents().size()) {
                    return count(new SimulatedEvent(start.atStartOfDay(), Phase.REFERENCE, org.referenceEvents().get(referenceIndex++), null));
                }
                phase = Phase.INITIAL_LOAD;
                return next();
            case INITIAL_LOAD:
                if (initialIndex < initialMembers) {
                    int m = initialIndex++;
                    MemberStatus s = status[m] == OFFICIAL ? MemberStatus.OFFICIAL : MemberStatus.PROBATIONARY;
                    MemberEvent e = new MemberEvent(nextEventId(),
                            new MemberRegistered(memberId(m), org.branchId(branchOf[m]), s, start));
                    return count(new SimulatedEvent(start.atStartOfDay(), Phase.INITIAL_LOAD, e, null));
                }
                phase = Phase.LIVE;
                return next();
            default:
                while (pending.isEmpty()) {
                    nextDay();
                }
                return count(pending.poll());
        }
    }

    /**
     * Whether an event dated on or before {@code until} comes next; generates no day after
     * {@code until}, so the state stays that of the end of {@code until}.
     */
    public synchronized boolean hasNextOnOrBefore(LocalDate until) {
        if (phase() != Phase.LIVE) {
            return !start.isAfter(until);
        }
        while (pending.isEmpty()) {
            if (start.plusDays(dayIndex + 1L).isAfter(until)) {
                return false;
            }
            nextDay();
        }
        return !pending.peek().at().toLocalDate().isAfter(until);
    }

    /** The phase of the next event: REFERENCE, INITIAL_LOAD or LIVE. */
    public Phase phase() {
        if (phase == Phase.REFERENCE && referenceIndex >= org.referenceEvents().size()) {
            return initialMembers > 0 ? Phase.INITIAL_LOAD : Phase.LIVE;
        }
        if (phase == Phase.INITIAL_LOAD && initialIndex >= initialMembers) {
            return Phase.LIVE;
        }
        return phase;
    }

    private SimulatedEvent count(SimulatedEvent e) { // under the lock of next()
        events++;
        byType.merge(((SpecificRecord) e.envelope().get(1)).getSchema().getName(), 1L, Long::sum);
        if (e.phase() == Phase.DUPLICATE) {
            duplicates++;
        } else if (e.phase() == Phase.INVALID) {
            invalid.merge(e.expectedRejection(), 1L, Long::sum);
        }
        return e;
    }

    public synchronized SimulationCounts counts() {
        return new SimulationCounts(day == null ? start : day, events, Map.copyOf(byType), duplicates, Map.copyOf(invalid), active,
                official, active - official, inVillageOrStreetGroup, exempted);
    }

    // ------------------------------------------------------------------ one day

    private synchronized void nextDay() {
        dayIndex++;
        day = start.plusDays(dayIndex);
        List<Timed> today = new ArrayList<>();
        if (day.getDayOfMonth() == 1 && day.getMonthValue() == 1) {
            newYear();
        }
        if (day.equals(reorganiseOn)) {
            reorganise(today);
        }
        runAgenda(today);
        grade(today);
        memberFlows(today);
        exemptions(today);
        meetings(today);
        deliberatelyInvalid(today);
        duplicates(today);
        today.sort(Comparator.comparingInt(Timed::second));
        for (Timed t : today) {
            LocalDateTime at = day.atTime(LocalTime.ofSecondOfDay(t.second));
            pending.add(new SimulatedEvent(at, t.phase, t.envelope, t.expected));
        }
    }

    private record Timed(int second, Phase phase, SpecificRecord envelope, RejectionReason expected) {}

    private void add(List<Timed> today, SpecificRecord envelope) {
        today.add(new Timed(FIRST_SECOND_OF_DAY + rnd.nextInt(SECONDS_OF_WORKING_DAY), Phase.LIVE, envelope, null));
    }

    /** Members who abandoned party activities in enough distinct months of this year (SPEC v2 §3). */
    private boolean atRisk(int m) {
        return Integer.bitCount(absentMonths[m]) >= PartyRules.AT_RISK_MONTHS;
    }

    private void newYear() {
        // members at risk last year may be struck off (xóa tên) early this year
        for (int m = 0; m < memberCount; m++) {
            if (branchOf[m] >= 0 && atRisk(m) && rnd.nextDouble() < REMOVE_CHRONIC_ABSENTEE) {
                schedule(1 + rnd.nextInt(58), Scheduled.Kind.REMOVE_ABSENTEE, m, 0, null);
            }
        }
        Arrays.fill(absentMonths, (short) 0);
    }

    /** The reform's reference upserts, first thing in the morning, in their order (the sort of the day is stable). */
    private void reorganise(List<Timed> today) {
        for (ReferenceEvent e : reorganisation.upserts(this::nextEventId)) {
            today.add(new Timed(FIRST_SECOND_OF_DAY, Phase.LIVE, e, null));
        }
    }

    /** Elderly members exempted from party activities, and the odd exemption that ends. */
    private void exemptions(List<Timed> today) {
        for (int i = poisson(EXEMPTIONS * elderlyNotExempt() / 365.0); i > 0; i--) {
            int m = pickMember(false);
            if (m >= 0) {
                touch(m);
                exempt[m] = 1;
                exempted++;
                add(today, new MemberEvent(nextEventId(), new MemberExempted(memberId(m), day)));
            }
        }
        for (int i = poisson(EXEMPTIONS_ENDED * exempted / 365.0); i > 0; i--) {
            int m = pickMember(true);
            if (m >= 0) {
                touch(m);
                exempt[m] = 0;
                exempted--;
                add(today, new MemberEvent(nextEventId(), new MemberExemptionEnded(memberId(m), day)));
            }
        }
    }

    /** About: the elderly share of the active members, less those already exempt. */
    private long elderlyNotExempt() {
        return Math.max(0, Math.round(active * ELDERLY_AT_START) - exempted);
    }


    private void runAgenda(List<Timed> today) {
        while (!agenda.isEmpty() && agenda.peek().day() <= dayIndex) {
            Scheduled s = agenda.poll();
            switch (s.kind()) {
                case CONFIRM -> {
                    int m = s.member();
                    if (branchOf[m] < 0 || status[m] != PROBATIONARY) {
                        break; // left or already confirmed: nothing to confirm
                    }
                    if (touchedDay[m] == dayIndex) {
                        schedule(1, s.kind(), m, 0, null);
                        break;
                    }
                    touch(m);
                    status[m] = OFFICIAL;
                    official++;
                    add(today, new MemberEvent(nextEventId(), new MemberConfirmed(memberId(m), day)));
                }
                case REGRADE -> {
                    int m = s.member();
                    if (branchOf[m] >= 0 && touchedDay[m] != dayIndex) {
                        touch(m);
                        add(today, new MemberEvent(nextEventId(), new MemberClassified(memberId(m), s.aux(), (Grade) s.payload())));
                    }
                }
                case REMOVE_ABSENTEE -> {
                    int m = s.member();
                    if (branchOf[m] >= 0 && touchedDay[m] != dayIndex) {
                        touch(m);
                        deactivate(m);
                        add(today, new MemberEvent(nextEventId(), new MemberLeft(memberId(m), LeaveReason.REMOVED, day)));
                    }
                }
                case CORRECT_MEETING -> {
                    MeetingRecorded was = (MeetingRecorded) s.payload();
                    int room = was.getMembersExpected() - was.getAbsentUnexcused().size();
                    int present = Math.max(0, Math.min(room, was.getMembersPresent() + (rnd.nextBoolean() ? 1 : -1) * (1 + rnd.nextInt(2))));
                    MeetingRecorded corrected = MeetingRecorded.newBuilder(was).setRevision(s.aux()).setMembersPresent(present)
                            .setSelfCriticism(rnd.nextDouble() < 0.8 || was.getSelfCriticism()).build();
                    add(today, new MeetingEvent(nextEventId(), corrected));
                }
                case RETRACT_MEETING -> {
                    MeetingRecorded was = (MeetingRecorded) s.payload();
                    add(today, new MeetingEvent(nextEventId(), new MeetingRetracted(was.getMeetingId(), s.aux())));
                    if (rnd.nextDouble() < RE_RECORD_AFTER_RETRACTION) {
                        schedule(5 + rnd.nextInt(36), Scheduled.Kind.RE_RECORD_MEETING, -1, s.aux() + 1, was);
                    }
                }
                case RE_RECORD_MEETING -> {
                    MeetingRecorded was = (MeetingRecorded) s.payload();
                    add(today, new MeetingEvent(nextEventId(), MeetingRecorded.newBuilder(was).setRevision(s.aux()).build()));
                }
                default -> throw new IllegalStateException("unknown agenda item " + s.kind());
            }
        }
    }

    /** Yearly grading, branch by branch between 10 December and 20 January. */
    private void grade(List<Timed> today) {
        int year = day.getMonthValue() == 12 ? day.getYear() : day.getYear() - 1;
        long offset = day.toEpochDay() - LocalDate.of(year, 12, 10).toEpochDay();
        if (offset < 0 || offset > 41) {
            return;
        }
        for (int b = 0; b < org.branches(); b++) {
            if (gradingOffset[b] != offset) {
                continue;
            }
            int[] list = membersOf[b];
            for (int k = 0; k < branchSize[b]; k++) {
                int m = list[k];
                if (touchedDay[m] == dayIndex) {
                    continue;
                }
                touch(m);
                Grade g = drawGrade(chronic[m] == 1 || atRisk(m));
                add(today, new MemberEvent(nextEventId(), new MemberClassified(memberId(m), year, g)));
                if (rnd.nextDouble() < RE_GRADE) {
                    Grade other = Grade.values()[(g.ordinal() + 1 + rnd.nextInt(3)) % 4];
                    schedule(15 + rnd.nextInt(46), Scheduled.Kind.REGRADE, m, year, other);
                }
            }
        }
    }

    private Grade drawGrade(boolean oftenAbsent) {
        double x = rnd.nextDouble();
        if (oftenAbsent) {
            return x < 0.5 ? Grade.COMPLETED : Grade.NOT_COMPLETED;
        }
        return x < 0.12 ? Grade.EXCELLENT : x < 0.82 ? Grade.GOOD : x < 0.985 ? Grade.COMPLETED : Grade.NOT_COMPLETED;
    }

    private void memberFlows(List<Timed> today) {
        double perDay = active / 365.0;
        for (int i = poisson(ADMISSIONS * perDay); i > 0; i--) {
            int via = pickActive(false);
            if (via < 0) {
                break;
            }
            int m = newMember(branchOf[via]); // a branch drawn in proportion to its size
            status[m] = PROBATIONARY;
            touch(m);
            schedule(365 + rnd.nextInt(46), Scheduled.Kind.CONFIRM, m, 0, null);
            add(today, new MemberEvent(nextEventId(), new MemberAdmitted(memberId(m), org.branchId(branchOf[m]), day)));
        }
        for (int i = poisson(TRANSFERS_IN * perDay); i > 0; i--) {
            int m = newMember(rnd.nextInt(org.branches()));
            boolean probationary = rnd.nextDouble() < 0.15;
            status[m] = probationary ? PROBATIONARY : OFFICIAL;
            if (probationary) {
                schedule(30 + rnd.nextInt(300), Scheduled.Kind.CONFIRM, m, 0, null);
            } else {
                official++;
            }
            touch(m);
            add(today, new MemberEvent(nextEventId(), new MemberTransferred(memberId(m), null, org.branchId(branchOf[m]),
                    probationary ? MemberStatus.PROBATIONARY : MemberStatus.OFFICIAL, day)));
        }
        leave(today, poisson(DEATHS * perDay), LeaveReason.DECEASED);
        leave(today, poisson(REMOVALS * perDay), LeaveReason.REMOVED);
        leave(today, poisson(EXPULSIONS * perDay), LeaveReason.EXPELLED);
        for (int i = poisson(TRANSFERS_WITHIN_DISTRICT * perDay); i > 0; i--) {
            int m = pickActive(true);
            if (m >= 0) {
                int[] candidates = org.branchesOfDistrict[org.districtOf(branchOf[m])];
                transfer(today, m, candidates[rnd.nextInt(candidates.length)]);
            }
        }
        for (int i = poisson(TRANSFERS_ACROSS_DISTRICTS * perDay); i > 0 && org.districts() > 1; i--) {
            int m = pickActive(true);
            if (m >= 0) {
                int from = org.districtOf(branchOf[m]);
                int to = (from + 1 + rnd.nextInt(org.districts() - 1)) % org.districts();
                int[] candidates = org.branchesOfDistrict[to];
                if (candidates.length > 0) {
                    transfer(today, m, candidates[rnd.nextInt(candidates.length)]);
                }
            }
        }
        for (int i = poisson(TRANSFERS_OUT * perDay); i > 0; i--) {
            int m = pickActive(true);
            if (m >= 0) {
                String from = org.branchId(branchOf[m]);
                touch(m);
                deactivate(m);
                add(today, new MemberEvent(nextEventId(), new MemberTransferred(memberId(m), from, null, null, day)));
            }
        }
    }

    private void leave(List<Timed> today, int count, LeaveReason reason) {
        for (int i = 0; i < count; i++) {
            int m = pickActive(true);
            if (m < 0) {
                return;
            }
            touch(m);
            deactivate(m);
            add(today, new MemberEvent(nextEventId(), new MemberLeft(memberId(m), reason, day)));
        }
    }

    private void transfer(List<Timed> today, int m, int toBranch) {
        int fromBranch = branchOf[m];
        if (toBranch == fromBranch) {
            return; // no move; the member stays untouched
        }
        touch(m);
        leaveBranch(m);
        join(m, toBranch);
        add(today, new MemberEvent(nextEventId(), new MemberTransferred(memberId(m), org.branchId(fromBranch), org.branchId(toBranch),
                null, day)));
    }

    private void meetings(List<Timed> today) {
        int dayOfMonth = day.getDayOfMonth();
        for (int b = 0; b < org.branches(); b++) {
            if (branchSize[b] == 0) {
                continue;
            }
            if (regularDay[b] == dayOfMonth && rnd.nextDouble() < REGULAR_MEETING_HELD) {
                addMeeting(today, meeting(b, MeetingKind.REGULAR));
            }
            if (thematicDay[b] == dayOfMonth && rnd.nextDouble() < THEMATIC_MEETING_HELD) {
                addMeeting(today, meeting(b, MeetingKind.THEMATIC));
            }
        }
    }

    private void addMeeting(List<Timed> today, MeetingEvent meeting) {
        if (meeting != null) {
            add(today, meeting);
        }
    }

    private MeetingEvent meeting(int b, MeetingKind kind) {
        boolean regular = kind == MeetingKind.REGULAR;
        int expected = 0;
        int[] list = membersOf[b];
        List<String> absent = new ArrayList<>();
        int excused = 0;
        for (int k = 0; k < branchSize[b]; k++) {
            int m = list[k];
            if (exempt[m] == 1) {
                continue; // not expected at meetings (SPEC v2 §1)
            }
            expected++;
            double x = rnd.nextDouble();
            if (x < (chronic[m] == 1 ? 0.30 : 0.004)) {
                absent.add(memberId(m));
                if (regular) {
                    absentMonths[m] |= (short) (1 << (day.getMonthValue() - 1));
                }
            } else if (x > 0.95) {
                excused++;
            }
        }
        if (expected == 0) {
            return null; // every member exempt: the branch does not meet
        }
        int present = expected - absent.size() - excused;
        String meetingId = org.branchId(b) + "-" + day.format(YYYYMM) + (regular ? "-R" : "-T");
        MeetingRecorded record = new MeetingRecorded(meetingId, org.branchId(b), day, kind, 1, expected, present, absent,
                rnd.nextDouble() < (regular ? 0.3 : 0.5), rnd.nextDouble() < (regular ? 0.55 : 0.85), quality.score(b));
        double x = rnd.nextDouble();
        if (x < CORRECTION) {
            schedule(1 + rnd.nextInt(20), Scheduled.Kind.CORRECT_MEETING, -1, 2, record);
        } else if (x < CORRECTION + RETRACTION) {
            schedule(1 + rnd.nextInt(30), Scheduled.Kind.RETRACT_MEETING, -1, 2, record);
        }
        return new MeetingEvent(nextEventId(), record);
    }

    /** The odd event a commune system gets wrong; each changes no state here and is marked with its reason. */
    private void deliberatelyInvalid(List<Timed> today) {
        for (int i = poisson(invalidRate * today.size()); i > 0; i--) {
            int kind = rnd.nextInt(5);
            SpecificRecord e = null;
            RejectionReason reason = null;
            switch (kind) {
                case 0 -> {
                    int b = rnd.nextInt(org.branches());
                    reason = RejectionReason.UNKNOWN_BRANCH;
                    e = new MeetingEvent(nextEventId(), new MeetingRecorded(org.branchId(b) + "-X-" + day.format(YYYYMM), "X" + org.branchId(b),
                            day, MeetingKind.REGULAR, 1, 10, 8, List.of(), false, true, null));
                }
                case 1 -> {
                    int b = rnd.nextInt(org.branches());
                    reason = RejectionReason.MEMBERS_PRESENT_ABOVE_EXPECTED;
                    int expected = Math.max(1, branchSize[b]);
                    e = new MeetingEvent(nextEventId(), new MeetingRecorded(org.branchId(b) + "-" + day.format(YYYYMMDD) + "-E",
                            org.branchId(b), day, MeetingKind.THEMATIC, 1, expected, expected + 1 + rnd.nextInt(5), List.of(), false, false, null));
                }
                case 2 -> {
                    int m = pickActive(true);
                    if (m >= 0 && status[m] == OFFICIAL) {
                        touch(m);
                        reason = RejectionReason.MEMBER_ALREADY_OFFICIAL;
                        e = new MemberEvent(nextEventId(), new MemberConfirmed(memberId(m), day));
                    }
                }
                case 3 -> {
                    int m = pickActive(true);
                    if (m >= 0 && org.branches() > 2) {
                        touch(m);
                        int wrong = (branchOf[m] + 1 + rnd.nextInt(org.branches() - 1)) % org.branches();
                        int to = (wrong + 1) % org.branches();
                        reason = RejectionReason.TRANSFER_FROM_WRONG_BRANCH;
                        e = new MemberEvent(nextEventId(), new MemberTransferred(memberId(m), org.branchId(wrong), org.branchId(to), null, day));
                    }
                }
                default -> {
                    int m = pickActive(true);
                    if (m >= 0) {
                        touch(m);
                        reason = RejectionReason.MEMBER_ALREADY_ACTIVE;
                        e = new MemberEvent(nextEventId(), new MemberAdmitted(memberId(m), org.branchId(branchOf[m]), day));
                    }
                }
            }
            if (e != null) {
                today.add(new Timed(FIRST_SECOND_OF_DAY + rnd.nextInt(SECONDS_OF_WORKING_DAY), Phase.INVALID, e, reason));
            }
        }
    }

    /** The same event again, a little later, as a commune system does when it never saw the acknowledgement. */
    private void duplicates(List<Timed> today) {
        int n = today.size();
        for (int i = 0; i < n; i++) {
            Timed t = today.get(i);
            if (t.phase == Phase.LIVE && rnd.nextDouble() < duplicateRate) {
                int later = Math.min(FIRST_SECOND_OF_DAY + SECONDS_OF_WORKING_DAY, t.second + 1 + rnd.nextInt(3600));
                today.add(new Timed(later, Phase.DUPLICATE, t.envelope, null));
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A random active elderly member not yet exempt, or (wantExempt) an exempt one, untouched today; -1 if none found. */
    private int pickMember(boolean wantExempt) {
        for (int tries = 0; tries < 256; tries++) {
            int m = pickActive(true);
            if (m >= 0 && (wantExempt ? exempt[m] == 1 : elderly[m] == 1 && exempt[m] == 0)) {
                return m;
            }
        }
        return -1;
    }

    /** A random active member (in proportion: a branch is drawn as often as it has members); -1 if none found. */
    private int pickActive(boolean untouchedToday) {
        if (active == 0) {
            return -1;
        }
        for (int tries = 0; tries < 64; tries++) {
            int m = rnd.nextInt(memberCount);
            if (branchOf[m] >= 0 && (!untouchedToday || touchedDay[m] != dayIndex)) {
                return m;
            }
        }
        return -1;
    }

    private void touch(int m) {
        touchedDay[m] = dayIndex;
    }

    private void schedule(int daysAhead, Scheduled.Kind kind, int member, int aux, Object payload) {
        agenda.add(new Scheduled(Math.max(dayIndex, 0) + daysAhead, scheduledOrder++, kind, member, aux, payload));
    }

    private int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 40) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian()));
        }
        double limit = Math.exp(-mean);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > limit);
        return k - 1;
    }

    private double gaussian() {
        // Box-Muller on the simulation's own random source, so that determinism holds
        double u = Math.max(rnd.nextDouble(), 1e-300);
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private String nextEventId() {
        return eventIdPrefix + Long.toString(sequence++, 36);
    }

    /** Opaque member id: "M" and eight digits. */
    public static String memberId(int m) {
        char[] c = new char[9];
        c[0] = 'M';
        int n = m + 1;
        for (int i = 8; i >= 1; i--) {
            c[i] = (char) ('0' + n % 10);
            n /= 10;
        }
        if (n > 0) {
            return "M" + (m + 1);
        }
        return new String(c);
    }

    private record Scheduled(int day, long order, Kind kind, int member, int aux, Object payload) {
        enum Kind { CONFIRM, REGRADE, REMOVE_ABSENTEE, CORRECT_MEETING, RETRACT_MEETING, RE_RECORD_MEETING }
    }

}
