package vn.chibo.pulse.streams.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import vn.chibo.pulse.aggregates.DistrictMonthlyStats;
import vn.chibo.pulse.aggregates.DistrictYearlyStats;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.events.Grade;
import vn.chibo.pulse.events.MemberAdmitted;
import vn.chibo.pulse.events.MemberClassified;
import vn.chibo.pulse.events.MemberConfirmed;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberLeft;
import vn.chibo.pulse.events.MemberRegistered;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.events.MemberTransferred;
import vn.chibo.pulse.streams.internal.model.AbsenceChange;
import vn.chibo.pulse.streams.internal.model.BranchChange;
import vn.chibo.pulse.streams.internal.model.CountedGrade;
import vn.chibo.pulse.streams.internal.model.MemberState;
import vn.chibo.pulse.streams.internal.model.Placement;
import vn.chibo.pulse.streams.internal.model.ReferenceEntry;

/**
 * Member events (keyed by memberId) and the absence changes of REGULAR meetings re-keyed by memberId.
 * Enforces the member rules of SPEC §2 against {@link MemberState}, sends flows and grades as deltas of
 * the monthly and yearly aggregates, and sends the member's count at their branch (active, status, years
 * at risk) to the branch stage, which counts it for the branch's current district and kind.
 */
final class MemberProcessor extends EventProcessor<MemberEvent> {
    /** A member listed as absent without reason at this many REGULAR meetings of a year is at risk. */
    static final int AT_RISK_ABSENCES = 3;

    private KeyValueStore<String, MemberState> members;
    private ReferenceLookup reference;
    private String lastReadId;
    private MemberState lastRead;

    MemberProcessor(Map<String, ?> registryConfig, Duration referenceWait, ReferenceArrivals arrivals, Duration deltaInterval) {
        super(registryConfig, MemberEvent.class, null, StoreNames.MEMBER_REJECTIONS,
                StoreNames.MEMBER_PENDING, referenceWait, arrivals, StoreNames.MEMBER_DELTAS, deltaInterval);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        super.init(context);
        members = context.getStateStore(StoreNames.MEMBER_STATE);
        lastReadId = null;
        lastRead = null;
        ReadOnlyKeyValueStore<String, ReferenceEntry> lookup = context.getStateStore(StoreNames.REFERENCE_LOOKUP);
        reference = new ReferenceLookup(lookup, arrivals);
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof AbsenceChange absence) {
            applyAbsence(record.key(), absence, record.timestamp());
        } else {
            super.process(record);
        }
    }

    @Override
    protected boolean referenceHolds(String branchId) {
        return reference.branch(branchId).isPresent();
    }

    @Override
    protected String eventId(MemberEvent event) {
        return event.getEventId();
    }

    @Override
    protected boolean alreadyAccepted(MemberEvent event, String eventId) {
        MemberState state = member(memberId(event));
        return state != null && state.getEventIds().contains(eventId);
    }

    @Override
    protected Outcome apply(MemberEvent event, String eventId, long timestamp) {
        Object payload = event.getPayload();
        Change change;
        if (payload instanceof MemberRegistered r) {
            change = join(r.getMemberId(), r.getBranchId(), r.getStatus(), null);
        } else if (payload instanceof MemberAdmitted a) {
            change = join(a.getMemberId(), a.getBranchId(), MemberStatus.PROBATIONARY, a);
        } else if (payload instanceof MemberConfirmed c) {
            change = confirm(c);
        } else if (payload instanceof MemberTransferred t) {
            change = transfer(t);
        } else if (payload instanceof MemberLeft l) {
            change = leave(l);
        } else if (payload instanceof MemberClassified c) {
            change = classify(c);
        } else {
            throw new IllegalStateException("unexpected member payload " + payload);
        }
        if (change.awaitedBranch != null) {
            return Outcome.unknownBranch(change.awaitedBranch, unknownBranch(change.awaitedBranch));
        }
        if (change.rejection != null) {
            return Outcome.rejected(change.rejection);
        }
        List<String> ids = new ArrayList<>(change.after.getEventIds().size() + 1);
        ids.addAll(change.after.getEventIds());
        ids.add(eventId);
        change.after.setEventIds(ids);
        put(change.memberId, change.after);
        emitBranchCounts(change.before, change.after, timestamp);
        for (KeyValue<String, Object> delta : change.deltas) {
            if (delta.value instanceof DistrictMonthlyStats monthly) {
                deltas.add(delta.key, monthly, timestamp);
            } else {
                deltas.add(delta.key, (DistrictYearlyStats) delta.value, timestamp);
            }
        }
        return Outcome.APPLIED;
    }

    private Change join(String memberId, String branchId, MemberStatus status, MemberAdmitted admission) {
        Change change = new Change(memberId, member(memberId));
        Optional<Placement> branch = reference.branch(branchId);
        if (branch.isEmpty()) {
            return change.awaitBranch(branchId);
        }
        if (change.after.getActive()) {
            return change.reject(Rejection.of(RejectionReason.MEMBER_ALREADY_ACTIVE,
                    "member " + memberId + " is already active, in branch " + change.after.getBranchId()));
        }
        change.after.setActive(true);
        change.after.setStatus(status.name());
        change.after.setBranchId(branchId);
        if (admission != null) {
            DistrictMonthlyStats flow = Deltas.monthly(branch.get().getDistrictCode(), admission.getDate());
            flow.setAdmissions(1);
            change.monthly(flow);
        }
        return change;
    }

    private Change confirm(MemberConfirmed c) {
        Change change = new Change(c.getMemberId(), member(c.getMemberId()));
        Rejection notActive = requireActive(change);
        if (notActive != null) {
            return change.reject(notActive);
        }
        if (MemberStatus.OFFICIAL.name().equals(change.after.getStatus())) {
            return change.reject(Rejection.of(RejectionReason.MEMBER_ALREADY_OFFICIAL,
                    "member " + c.getMemberId() + " is already OFFICIAL"));
        }
        Optional<Placement> branch = reference.branch(change.after.getBranchId());
        if (branch.isEmpty()) {
            return change.awaitBranch(change.after.getBranchId());
        }
        change.after.setStatus(MemberStatus.OFFICIAL.name());
        DistrictMonthlyStats flow = Deltas.monthly(branch.get().getDistrictCode(), c.getDate());
        flow.setConfirmations(1);
        change.monthly(flow);
        return change;
    }

    private Change transfer(MemberTransferred t) {
        Change change = new Change(t.getMemberId(), member(t.getMemberId()));
        String from = t.getFromBranchId();
        String to = t.getToBranchId();
        Placement fromPlacement = null;
        Placement toPlacement = null;
        if (from != null) {
            Optional<Placement> p = reference.branch(from);
            if (p.isEmpty()) {
                return change.awaitBranch(from);
            }
            fromPlacement = p.get();
        }
        if (to != null) {
            Optional<Placement> p = reference.branch(to);
            if (p.isEmpty()) {
                return change.awaitBranch(to);
            }
            toPlacement = p.get();
        }
        MemberState state = change.after;
        if (from != null) {
            Rejection notActive = requireActive(change);
            if (notActive != null) {
                return change.reject(notActive);
            }
            if (!from.equals(state.getBranchId())) {
                return change.reject(Rejection.of(RejectionReason.TRANSFER_FROM_WRONG_BRANCH,
                        "member " + t.getMemberId() + " is in branch " + state.getBranchId() + ", not in fromBranchId " + from));
            }
        } else if (state.getActive()) {
            return change.reject(Rejection.of(RejectionReason.TRANSFER_IN_OF_ACTIVE_MEMBER,
                    "member " + t.getMemberId() + " comes from outside the province but is active, in branch " + state.getBranchId()));
        }
        // A side outside the province (null) differs from every district.
        String fromDistrict = fromPlacement == null ? null : fromPlacement.getDistrictCode();
        String toDistrict = toPlacement == null ? null : toPlacement.getDistrictCode();
        if (!Objects.equals(fromDistrict, toDistrict)) {
            if (fromDistrict != null) {
                DistrictMonthlyStats out = Deltas.monthly(fromDistrict, t.getDate());
                out.setTransfersOut(1);
                change.monthly(out);
            }
            if (toDistrict != null) {
                DistrictMonthlyStats in = Deltas.monthly(toDistrict, t.getDate());
                in.setTransfersIn(1);
                change.monthly(in);
            }
        }
        if (to == null) {
            state.setActive(false);
        } else {
            state.setActive(true);
            state.setBranchId(to);
            if (from == null) {
                state.setStatus(t.getStatus().name());
            }
        }
        return change;
    }

    private Change leave(MemberLeft l) {
        Change change = new Change(l.getMemberId(), member(l.getMemberId()));
        Rejection notActive = requireActive(change);
        if (notActive != null) {
            return change.reject(notActive);
        }
        Optional<Placement> branch = reference.branch(change.after.getBranchId());
        if (branch.isEmpty()) {
            return change.awaitBranch(change.after.getBranchId());
        }
        DistrictMonthlyStats flow = Deltas.monthly(branch.get().getDistrictCode(), l.getDate());
        switch (l.getReason()) {
            case DECEASED -> flow.setDeaths(1);
            case REMOVED -> flow.setRemovals(1);
            case EXPELLED -> flow.setExpulsions(1);
        }
        change.monthly(flow);
        change.after.setActive(false);
        return change;
    }

    private Change classify(MemberClassified c) {
        Change change = new Change(c.getMemberId(), member(c.getMemberId()));
        Rejection notActive = requireActive(change);
        if (notActive != null) {
            return change.reject(notActive);
        }
        Optional<Placement> branch = reference.branch(change.after.getBranchId());
        if (branch.isEmpty()) {
            return change.awaitBranch(change.after.getBranchId());
        }
        String year = Integer.toString(c.getYear());
        String district = branch.get().getDistrictCode();
        CountedGrade previous = change.after.getGrades().get(year);
        if (previous != null) {
            change.yearly(gradeDelta(previous.getDistrictCode(), c.getYear(), Grade.valueOf(previous.getGrade()), -1));
        }
        change.yearly(gradeDelta(district, c.getYear(), c.getGrade(), 1));
        change.after.getGrades().put(year, new CountedGrade(c.getGrade().name(), district));
        return change;
    }

    private void applyAbsence(String memberId, AbsenceChange absence, long timestamp) {
        MemberState before = member(memberId);
        MemberState after = before == null ? newMember() : MemberState.newBuilder(before).build();
        String year = Integer.toString(absence.getYear());
        // A plain list: the decoded Avro array cannot remove elements.
        List<String> meetings = new ArrayList<>(after.getAbsences().getOrDefault(year, List.of()));
        if (absence.getDelta() > 0) {
            if (!meetings.contains(absence.getMeetingId())) {
                meetings.add(absence.getMeetingId());
            }
        } else {
            meetings.remove(absence.getMeetingId());
        }
        if (meetings.isEmpty()) {
            after.getAbsences().remove(year);
        } else {
            after.getAbsences().put(year, meetings);
        }
        put(memberId, after);
        emitBranchCounts(before, after, timestamp);
    }

    /**
     * The member's contribution to the branch stage is a pure function of their state; send the
     * difference between before and after, per branch.
     */
    private void emitBranchCounts(MemberState before, MemberState after, long timestamp) {
        Map<String, BranchChange> changes = new LinkedHashMap<>();
        addCount(changes, before, -1);
        addCount(changes, after, 1);
        for (Map.Entry<String, BranchChange> e : changes.entrySet()) {
            BranchChange change = e.getValue();
            change.getAtRisk().values().removeIf(v -> v == 0);
            if (change.getActive() != 0 || change.getOfficial() != 0 || change.getProbationary() != 0
                    || !change.getAtRisk().isEmpty()) {
                emit(e.getKey(), change, timestamp);
            }
        }
    }

    private static void addCount(Map<String, BranchChange> changes, MemberState state, int sign) {
        if (state == null || !state.getActive() || state.getBranchId() == null) {
            return;
        }
        BranchChange change = changes.computeIfAbsent(state.getBranchId(), b -> Deltas.branchChange());
        change.setActive(change.getActive() + sign);
        if (MemberStatus.OFFICIAL.name().equals(state.getStatus())) {
            change.setOfficial(change.getOfficial() + sign);
        } else {
            change.setProbationary(change.getProbationary() + sign);
        }
        for (String year : new TreeSet<>(state.getAbsences().keySet())) {
            if (state.getAbsences().get(year).size() >= AT_RISK_ABSENCES) {
                change.getAtRisk().merge(year, sign, Integer::sum);
            }
        }
    }

    private static DistrictYearlyStats gradeDelta(String district, int year, Grade grade, int delta) {
        DistrictYearlyStats d = Deltas.yearly(district, year);
        switch (grade) {
            case EXCELLENT -> d.setGradedExcellent(delta);
            case GOOD -> d.setGradedGood(delta);
            case COMPLETED -> d.setGradedCompleted(delta);
            case NOT_COMPLETED -> d.setGradedNotCompleted(delta);
        }
        return d;
    }

    private static Rejection requireActive(Change change) {
        if (!change.after.getActive()) {
            return Rejection.of(RejectionReason.MEMBER_NOT_ACTIVE, "member " + change.memberId + " is not active");
        }
        return null;
    }

    private static Rejection unknownBranch(String branchId) {
        return Rejection.of(RejectionReason.UNKNOWN_BRANCH,
                "branch \"" + branchId + "\" is not held by the reference data");
    }

    static MemberState newMember() {
        return MemberState.newBuilder().setGrades(new HashMap<>()).setAbsences(new HashMap<>()).setEventIds(new ArrayList<>()).build();
    }

    /**
     * The member's stored state. The de-duplication and the rules of one event read the same member:
     * the last read is kept until the next write, so that is one store read per event.
     */
    private MemberState member(String memberId) {
        if (!memberId.equals(lastReadId)) {
            lastRead = members.get(memberId);
            lastReadId = memberId;
        }
        return lastRead;
    }

    private void put(String memberId, MemberState state) {
        members.put(memberId, state);
        lastReadId = null;
        lastRead = null;
    }

    private static String memberId(MemberEvent event) {
        Object p = event.getPayload();
        if (p instanceof MemberRegistered r) {
            return r.getMemberId();
        } else if (p instanceof MemberAdmitted a) {
            return a.getMemberId();
        } else if (p instanceof MemberConfirmed c) {
            return c.getMemberId();
        } else if (p instanceof MemberTransferred t) {
            return t.getMemberId();
        } else if (p instanceof MemberLeft l) {
            return l.getMemberId();
        } else if (p instanceof MemberClassified c) {
            return c.getMemberId();
        }
        throw new IllegalStateException("unexpected member payload " + p);
    }

    /** A member's state before and after one event, and the aggregate deltas the event causes. */
    private static final class Change {
        final String memberId;
        final MemberState before;
        final MemberState after;
        final List<KeyValue<String, Object>> deltas = new ArrayList<>(2);
        Rejection rejection;
        String awaitedBranch;

        Change(String memberId, MemberState before) {
            this.memberId = memberId;
            this.before = before;
            this.after = before == null ? newMember() : MemberState.newBuilder(before).build();
        }

        Change reject(Rejection r) {
            this.rejection = r;
            return this;
        }

        /** The event names a branch the reference lookup does not hold (yet). */
        Change awaitBranch(String branchId) {
            this.awaitedBranch = branchId;
            return this;
        }

        void monthly(DistrictMonthlyStats delta) {
            deltas.add(KeyValue.pair(AggregateKeys.monthly(delta.getDistrictCode(), delta.getMonth()), delta));
        }

        void yearly(DistrictYearlyStats delta) {
            deltas.add(KeyValue.pair(AggregateKeys.yearly(delta.getDistrictCode(), delta.getYear()), delta));
        }
    }
}
