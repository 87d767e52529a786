package vn.chibo.pulse.streams.internal;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import vn.chibo.pulse.aggregates.BranchCurrent;
import vn.chibo.pulse.aggregates.BranchMonthly;
import vn.chibo.pulse.aggregates.BranchTransfers;
import vn.chibo.pulse.aggregates.BranchYearly;
import vn.chibo.pulse.domain.EventKeys;
import vn.chibo.pulse.domain.Figures;
import vn.chibo.pulse.domain.PartyRules;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.events.Grade;
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
import vn.chibo.pulse.streams.internal.model.Absence;
import vn.chibo.pulse.streams.internal.model.AbsenceChange;
import vn.chibo.pulse.streams.internal.model.CountedGrade;
import vn.chibo.pulse.streams.internal.model.MemberState;
import vn.chibo.pulse.streams.internal.model.ReferenceEntry;

/**
 * Member events (keyed by memberId) and the absence changes of REGULAR meetings re-keyed by memberId.
 * Enforces the member rules of SPEC §2 against {@link MemberState} and sends what follows as deltas of
 * the branch aggregates: a flow to the member's branch at that event, a grade to the branch when it is
 * applied, and the member's standing (active, status, exempt, at risk per year) to their current branch.
 * Communes and districts are not known here: they add up the branches they hold now (SPEC §3 v2).
 */
final class MemberProcessor extends EventProcessor<MemberEvent> {
    static final List<Output<?>> OUTPUTS = List.of(REJECTED, Aggregate.CURRENT.deltas(), Aggregate.MONTHLY.deltas(),
            Aggregate.YEARLY.deltas(), Aggregate.TRANSFERS.deltas());

    private KeyValueStore<String, MemberState> members;
    private ReferenceLookup reference;
    private AcceptedEventIds acceptedIds;
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
        acceptedIds = new AcceptedEventIds(context.getStateStore(StoreNames.MEMBER_EVENT_IDS));
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
        return reference.holdsBranch(branchId);
    }

    @Override
    protected String eventId(MemberEvent event) {
        return event.getEventId();
    }

    @Override
    protected boolean alreadyAccepted(MemberEvent event, String eventId) {
        String memberId = EventKeys.memberId(event.getPayload());
        MemberState state = member(memberId);
        return state != null && acceptedIds.contains(memberId, new AcceptedEventIds.Held(state.getEventIds(), state.getOlderEventIds()), eventId);
    }

    @Override
    protected Outcome apply(MemberEvent event, String eventId, long timestamp) {
        Object payload = event.getPayload();
        Change change = new Change(EventKeys.memberId(event.getPayload()), member(EventKeys.memberId(event.getPayload())));
        if (payload instanceof MemberRegistered r) {
            join(change, r.getBranchId(), r.getStatus(), null);
        } else if (payload instanceof MemberAdmitted a) {
            join(change, a.getBranchId(), MemberStatus.PROBATIONARY, a.getDate());
        } else if (payload instanceof MemberConfirmed c) {
            confirm(change, c);
        } else if (payload instanceof MemberTransferred t) {
            transfer(change, t);
        } else if (payload instanceof MemberLeft l) {
            leave(change, l);
        } else if (payload instanceof MemberClassified c) {
            classify(change, c);
        } else if (payload instanceof MemberExempted e) {
            exempt(change, e);
        } else if (payload instanceof MemberExemptionEnded e) {
            endExemption(change, e);
        } else {
            throw new IllegalStateException("unexpected member payload " + payload);
        }
        if (change.awaitedBranch != null) {
            return Outcome.unknownBranch(change.awaitedBranch, Rejection.of(RejectionReason.UNKNOWN_BRANCH,
                    "branch \"" + change.awaitedBranch + "\" is not held by the reference data"));
        }
        if (change.rejection != null) {
            return Outcome.rejected(change.rejection);
        }
        AcceptedEventIds.Held ids = acceptedIds.add(change.memberId,
                new AcceptedEventIds.Held(change.after.getEventIds(), change.after.getOlderEventIds()), eventId, timestamp);
        change.after.setEventIds(ids.recent());
        change.after.setOlderEventIds(ids.olderFilter());
        put(change.memberId, change.after);
        emitStanding(change.before, change.after, timestamp);
        for (SpecificRecord delta : change.deltas) {
            deltas.add(delta, timestamp);
        }
        return Outcome.APPLIED;
    }

    private void join(Change change, String branchId, MemberStatus status, LocalDate admittedOn) {
        if (!reference.holdsBranch(branchId)) {
            change.awaitBranch(branchId);
        } else if (change.after.getActive()) {
            change.reject(RejectionReason.MEMBER_ALREADY_ACTIVE,
                    "member " + change.memberId + " is already active, in branch " + change.after.getBranchId());
        } else {
            change.after.setActive(true);
            change.after.setStatus(status.name());
            change.after.setBranchId(branchId);
            change.after.setExempt(false);
            if (admittedOn != null) {
                BranchMonthly flow = Deltas.monthly(branchId, admittedOn);
                flow.setAdmissions(1);
                change.deltas.add(flow);
            }
        }
    }

    private void confirm(Change change, MemberConfirmed c) {
        if (change.requireActive() && MemberStatus.OFFICIAL.name().equals(change.after.getStatus())) {
            change.reject(RejectionReason.MEMBER_ALREADY_OFFICIAL, "member " + c.getMemberId() + " is already OFFICIAL");
        } else if (change.rejection == null) {
            change.after.setStatus(MemberStatus.OFFICIAL.name());
            BranchMonthly flow = Deltas.monthly(change.after.getBranchId(), c.getDate());
            flow.setConfirmations(1);
            change.deltas.add(flow);
        }
    }

    private void transfer(Change change, MemberTransferred t) {
        String from = t.getFromBranchId();
        String to = t.getToBranchId();
        for (String side : new String[] {from, to}) {
            if (side != null && !reference.holdsBranch(side)) {
                change.awaitBranch(side);
                return;
            }
        }
        MemberState state = change.after;
        if (from != null) {
            if (!change.requireActive()) {
                return;
            }
            if (!from.equals(state.getBranchId())) {
                change.reject(RejectionReason.TRANSFER_FROM_WRONG_BRANCH,
                        "member " + t.getMemberId() + " is in branch " + state.getBranchId() + ", not in fromBranchId " + from);
                return;
            }
        } else if (state.getActive()) {
            change.reject(RejectionReason.TRANSFER_IN_OF_ACTIVE_MEMBER,
                    "member " + t.getMemberId() + " comes from outside the province but is active, in branch " + state.getBranchId());
            return;
        }
        // A transfer counts at a level only between two different units of it: never within one branch.
        if (!Objects.equals(from, to)) {
            if (from != null) {
                BranchMonthly out = Deltas.monthly(from, t.getDate());
                out.setTransfersOut(1);
                change.deltas.add(out);
            }
            if (to != null) {
                BranchMonthly in = Deltas.monthly(to, t.getDate());
                in.setTransfersIn(1);
                change.deltas.add(in);
            }
            BranchTransfers pair = Deltas.transfers(from, to, t.getDate());
            pair.setTransfers(1);
            change.deltas.add(pair);
        }
        if (to == null) {
            state.setActive(false);
            state.setExempt(false);
        } else {
            state.setActive(true);
            state.setBranchId(to);
            if (from == null) {
                state.setStatus(t.getStatus().name());
                state.setExempt(false);
            }
        }
    }

    private void leave(Change change, MemberLeft l) {
        if (!change.requireActive()) {
            return;
        }
        BranchMonthly flow = Deltas.monthly(change.after.getBranchId(), l.getDate());
        switch (l.getReason()) {
            case DECEASED -> flow.setDeaths(1);
            case REMOVED -> flow.setRemovals(1);
            case EXPELLED -> flow.setExpulsions(1);
        }
        change.deltas.add(flow);
        change.after.setActive(false);
        change.after.setExempt(false);
    }

    private void classify(Change change, MemberClassified c) {
        if (!change.requireActive()) {
            return;
        }
        String year = Integer.toString(c.getYear());
        String branch = change.after.getBranchId();
        CountedGrade previous = change.after.getGrades().get(year);
        if (previous != null) {
            change.deltas.add(gradeDelta(previous.getBranchId(), c.getYear(), Grade.valueOf(previous.getGrade()), -1));
        }
        change.deltas.add(gradeDelta(branch, c.getYear(), c.getGrade(), 1));
        change.after.getGrades().put(year, new CountedGrade(c.getGrade().name(), branch));
    }

    private void exempt(Change change, MemberExempted e) {
        if (!change.requireActive()) {
            return;
        }
        if (change.after.getExempt()) {
            change.reject(RejectionReason.MEMBER_ALREADY_EXEMPT, "member " + e.getMemberId() + " is already exempt");
        } else {
            change.after.setExempt(true);
        }
    }

    private void endExemption(Change change, MemberExemptionEnded e) {
        if (!change.after.getExempt()) {
            change.reject(RejectionReason.MEMBER_NOT_EXEMPT, "member " + e.getMemberId() + " is not exempt");
        } else {
            change.after.setExempt(false);
        }
    }

    private void applyAbsence(String memberId, AbsenceChange absence, long timestamp) {
        MemberState before = member(memberId);
        MemberState after = before == null ? newMember() : MemberState.newBuilder(before).build();
        String year = Integer.toString(absence.getYear());
        // A plain list: the decoded Avro array cannot remove elements.
        List<Absence> meetings = new ArrayList<>(after.getAbsences().getOrDefault(year, List.of()));
        meetings.removeIf(a -> a.getMeetingId().equals(absence.getMeetingId()));
        if (absence.getDelta() > 0) {
            meetings.add(new Absence(absence.getMeetingId(), absence.getMonth()));
        }
        if (meetings.isEmpty()) {
            after.getAbsences().remove(year);
        } else {
            after.getAbsences().put(year, meetings);
        }
        put(memberId, after);
        emitStanding(before, after, timestamp);
    }

    /**
     * The member's standing at their branch (counted, status, exempt, at risk per year) is a pure
     * function of their state: send the difference between before and after.
     */
    private void emitStanding(MemberState before, MemberState after, long timestamp) {
        Map<String, SpecificRecord> changes = new LinkedHashMap<>();
        addStanding(changes, before, -1);
        addStanding(changes, after, 1);
        for (SpecificRecord delta : changes.values()) {
            if (!Figures.of(delta.getSchema()).isZero(delta)) {
                deltas.add(delta, timestamp);
            }
        }
    }

    private static void addStanding(Map<String, SpecificRecord> changes, MemberState state, int sign) {
        if (state == null || !state.getActive() || state.getBranchId() == null) {
            return;
        }
        String branch = state.getBranchId();
        BranchCurrent c = (BranchCurrent) changes.computeIfAbsent(branch, Deltas::current);
        c.setMembersActive(c.getMembersActive() + sign);
        if (MemberStatus.OFFICIAL.name().equals(state.getStatus())) {
            c.setMembersOfficial(c.getMembersOfficial() + sign);
        } else {
            c.setMembersProbationary(c.getMembersProbationary() + sign);
        }
        if (state.getExempt()) {
            // exempt members are counted in the totals but never at risk
            c.setMembersExempted(c.getMembersExempted() + sign);
            return;
        }
        state.getAbsences().forEach((year, absences) -> {
            if (distinctMonths(absences) >= PartyRules.AT_RISK_MONTHS) {
                int y = Integer.parseInt(year);
                BranchYearly d = (BranchYearly) changes.computeIfAbsent(branch + "|" + year, k -> Deltas.yearly(branch, y));
                d.setMembersAtRisk(d.getMembersAtRisk() + sign);
            }
        });
    }

    private static int distinctMonths(List<Absence> absences) {
        Set<Integer> months = new HashSet<>();
        for (Absence a : absences) {
            months.add(a.getMonth());
        }
        return months.size();
    }

    private static BranchYearly gradeDelta(String branch, int year, Grade grade, int delta) {
        BranchYearly d = Deltas.yearly(branch, year);
        switch (grade) {
            case EXCELLENT -> d.setGradedExcellent(delta);
            case GOOD -> d.setGradedGood(delta);
            case COMPLETED -> d.setGradedCompleted(delta);
            case NOT_COMPLETED -> d.setGradedNotCompleted(delta);
        }
        return d;
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

    /** A member's state before and after one event, and the aggregate deltas the event causes. */
    private static final class Change {
        final String memberId;
        final MemberState before;
        final MemberState after;
        final List<SpecificRecord> deltas = new ArrayList<>(3);
        Rejection rejection;
        String awaitedBranch;

        Change(String memberId, MemberState before) {
            this.memberId = memberId;
            this.before = before;
            this.after = before == null ? newMember() : MemberState.newBuilder(before).build();
        }

        void reject(RejectionReason reason, String message) {
            this.rejection = Rejection.of(reason, message);
        }

        /** Whether the member is active; if not, the event is refused as MEMBER_NOT_ACTIVE. */
        boolean requireActive() {
            if (!after.getActive()) {
                reject(RejectionReason.MEMBER_NOT_ACTIVE, "member " + memberId + " is not active");
                return false;
            }
            return true;
        }

        /** The event names a branch the reference lookup does not hold (yet). */
        void awaitBranch(String branchId) {
            this.awaitedBranch = branchId;
        }
    }
}
