package vn.chibo.pulse.streams.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import vn.chibo.pulse.aggregates.DistrictCurrent;
import vn.chibo.pulse.aggregates.DistrictMonthlyStats;
import vn.chibo.pulse.aggregates.DistrictYearlyStats;
import vn.chibo.pulse.events.BranchKind;
import vn.chibo.pulse.streams.internal.model.BranchChange;
import vn.chibo.pulse.streams.internal.model.BranchState;
import vn.chibo.pulse.streams.internal.model.Placement;
import vn.chibo.pulse.streams.internal.model.ReferenceEntry;
import vn.chibo.pulse.streams.internal.model.RegularMeetingChange;

/**
 * The branch stage (keyed by branchId). Members are counted at their branch, and the branch counts
 * for the district of its commune and for its kind as the reference data holds them now: when a
 * branch (or its commune) moves to another district or changes kind, its members and the branch
 * itself move with it. Also turns REGULAR meeting counts per (branch, month, district) into the
 * distinct-branch count of the monthly aggregate.
 */
final class BranchProcessor implements Processor<String, BranchChange, String, Object> {
    private final Duration deltaInterval;
    private ProcessorContext<String, Object> context;
    private DeltaOutbox deltas;
    private Cancellable sends;
    private KeyValueStore<String, BranchState> branches;
    private KeyValueStore<String, Integer> regularMeetings;
    private ReferenceLookup reference;

    BranchProcessor(Duration deltaInterval) {
        this.deltaInterval = deltaInterval;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        deltas = new DeltaOutbox(context, context.getStateStore(StoreNames.BRANCH_DELTAS));
        sends = context.schedule(deltaInterval, PunctuationType.WALL_CLOCK_TIME, now -> deltas.send());
        branches = context.getStateStore(StoreNames.BRANCH_STATE);
        regularMeetings = context.getStateStore(StoreNames.BRANCH_REGULAR_MEETINGS);
        ReadOnlyKeyValueStore<String, ReferenceEntry> lookup = context.getStateStore(StoreNames.REFERENCE_LOOKUP);
        reference = new ReferenceLookup(lookup);
    }

    @Override
    public void process(Record<String, BranchChange> record) {
        String branchId = record.key();
        BranchChange change = record.value();
        long timestamp = record.timestamp();
        for (RegularMeetingChange c : change.getRegularMeetings()) {
            countRegularMeetings(branchId, c, timestamp);
        }
        boolean countsChange = change.getPlacement() != null || change.getActive() != 0 || change.getOfficial() != 0
                || change.getProbationary() != 0 || !change.getAtRisk().isEmpty();
        if (!countsChange) {
            return;
        }
        BranchState before = branches.get(branchId);
        BranchState after = before == null
                ? BranchState.newBuilder().setAtRisk(new HashMap<>()).build()
                : BranchState.newBuilder(before).build();
        Placement placement = change.getPlacement();
        if (placement != null && (after.getPlacement() == null || placement.getSeq() > after.getPlacement().getSeq())) {
            after.setPlacement(placement);
        }
        if (after.getPlacement() == null) {
            // Member counts can arrive before the branch's own placement record: the global store,
            // where the member processor found the branch, says where it is.
            reference.branch(branchId).ifPresent(after::setPlacement);
        }
        after.setActive(after.getActive() + change.getActive());
        after.setOfficial(after.getOfficial() + change.getOfficial());
        after.setProbationary(after.getProbationary() + change.getProbationary());
        change.getAtRisk().forEach((year, delta) -> after.getAtRisk().merge(year, delta, Integer::sum));
        after.getAtRisk().values().removeIf(v -> v == 0);
        branches.put(branchId, after);
        emitDifference(before, after, timestamp);
    }

    private void countRegularMeetings(String branchId, RegularMeetingChange c, long timestamp) {
        String key = AggregateKeys.composite(branchId, c.getMonth(), c.getDistrictCode());
        Integer stored = regularMeetings.get(key);
        int before = stored == null ? 0 : stored;
        int after = before + c.getDelta();
        if (after == 0) {
            regularMeetings.delete(key);
        } else {
            regularMeetings.put(key, after);
        }
        int delta = (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
        if (delta != 0) {
            DistrictMonthlyStats d = Deltas.monthly(c.getDistrictCode(), java.time.YearMonth.parse(c.getMonth()));
            d.setBranchesWithRegularMeeting(delta);
            deltas.add(AggregateKeys.monthly(c.getDistrictCode(), d.getMonth()), d, timestamp);
        }
    }

    private void emitDifference(BranchState before, BranchState after, long timestamp) {
        Map<String, DistrictCurrent> current = new LinkedHashMap<>();
        Map<String, DistrictYearlyStats> yearly = new LinkedHashMap<>();
        add(current, yearly, before, -1);
        add(current, yearly, after, 1);
        current.forEach((district, delta) -> {
            if (!Deltas.isZero(delta)) {
                deltas.add(district, delta, timestamp);
            }
        });
        yearly.forEach((key, delta) -> {
            if (delta.getMembersAtRisk() != 0) {
                deltas.add(key, delta, timestamp);
            }
        });
    }

    private static void add(Map<String, DistrictCurrent> current, Map<String, DistrictYearlyStats> yearly,
            BranchState state, int sign) {
        if (state == null || state.getPlacement() == null) {
            return;
        }
        String district = state.getPlacement().getDistrictCode();
        DistrictCurrent d = current.computeIfAbsent(district, Deltas::current);
        int active = sign * state.getActive();
        d.setMembersActive(d.getMembersActive() + active);
        d.setMembersOfficial(d.getMembersOfficial() + sign * state.getOfficial());
        d.setMembersProbationary(d.getMembersProbationary() + sign * state.getProbationary());
        switch (BranchKind.valueOf(state.getPlacement().getKind())) {
            case VILLAGE -> {
                d.setMembersVillage(d.getMembersVillage() + active);
                d.setBranchesVillage(d.getBranchesVillage() + sign);
            }
            case STREET_GROUP -> {
                d.setMembersStreetGroup(d.getMembersStreetGroup() + active);
                d.setBranchesStreetGroup(d.getBranchesStreetGroup() + sign);
            }
            case OTHER -> {
                d.setMembersOther(d.getMembersOther() + active);
                d.setBranchesOther(d.getBranchesOther() + sign);
            }
        }
        state.getAtRisk().forEach((year, count) -> {
            int y = Integer.parseInt(year);
            DistrictYearlyStats delta = yearly.computeIfAbsent(AggregateKeys.yearly(district, y), k -> Deltas.yearly(district, y));
            delta.setMembersAtRisk(delta.getMembersAtRisk() + sign * count);
        });
    }

    @Override
    public void close() {
        if (sends != null) {
            sends.cancel();
        }
    }
}
