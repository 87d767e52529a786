package vn.chibo.pulse.streams.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import vn.chibo.pulse.aggregates.DistrictName;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.ReferenceEvent;
import vn.chibo.pulse.streams.internal.model.BranchChange;
import vn.chibo.pulse.streams.internal.model.Placement;
import vn.chibo.pulse.streams.internal.model.ReferenceEntry;

/**
 * Reference data (one partition, so in order): validates each record against what is held, keeps it
 * as an upsert, and sends out what follows from it — the accepted record for the global lookup
 * store, the district's name, and a new placement for every branch whose district or kind changed.
 */
final class ReferenceProcessor extends EventProcessor<ReferenceEvent> {
    private KeyValueStore<String, ReferenceEntry> store;
    private ReferenceLookup held;

    ReferenceProcessor(Map<String, ?> registryConfig) {
        super(registryConfig, ReferenceEvent.class, StoreNames.REFERENCE_EVENT_IDS, StoreNames.REFERENCE_REJECTIONS);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        super.init(context);
        store = context.getStateStore(StoreNames.REFERENCE);
        held = new ReferenceLookup(store);
    }

    @Override
    protected String eventId(ReferenceEvent event) {
        return event.getEventId();
    }

    @Override
    protected Outcome apply(ReferenceEvent event, String eventId, long timestamp) {
        // The offset orders placements: a branch's newer record always wins downstream.
        long seq = context.recordMetadata().orElseThrow().offset();
        Object payload = event.getPayload();
        if (payload instanceof District d) {
            accept(new ReferenceEntry(ReferenceLookup.DISTRICT, d.getCode(), d.getName(), null, null, seq), timestamp);
            emit(d.getCode(), new DistrictName(d.getCode(), d.getName()), timestamp);
        } else if (payload instanceof Commune c) {
            if (held.get(ReferenceLookup.DISTRICT, c.getDistrictCode()) == null) {
                return Outcome.rejected(Rejection.of(RejectionReason.UNKNOWN_DISTRICT,
                        "commune " + c.getCode() + " names district \"" + c.getDistrictCode() + "\", which the reference data does not hold"));
            }
            ReferenceEntry before = held.get(ReferenceLookup.COMMUNE, c.getCode());
            accept(new ReferenceEntry(ReferenceLookup.COMMUNE, c.getCode(), c.getName(), c.getDistrictCode(), null, seq), timestamp);
            if (before != null && !before.getParentCode().equals(c.getDistrictCode())) {
                for (ReferenceEntry branch : branchesOf(c.getCode())) {
                    emit(branch.getCode(), placement(c.getDistrictCode(), branch.getBranchKind(), seq), timestamp);
                }
            }
        } else if (payload instanceof Branch b) {
            ReferenceEntry commune = held.get(ReferenceLookup.COMMUNE, b.getCommuneCode());
            if (commune == null) {
                return Outcome.rejected(Rejection.of(RejectionReason.UNKNOWN_COMMUNE,
                        "branch " + b.getId() + " names commune \"" + b.getCommuneCode() + "\", which the reference data does not hold"));
            }
            ReferenceEntry before = held.get(ReferenceLookup.BRANCH, b.getId());
            String kind = b.getKind().name();
            accept(new ReferenceEntry(ReferenceLookup.BRANCH, b.getId(), b.getName(), b.getCommuneCode(), kind, seq), timestamp);
            String districtBefore = before == null ? null : held.get(ReferenceLookup.COMMUNE, before.getParentCode()).getParentCode();
            if (before == null || !Objects.equals(districtBefore, commune.getParentCode()) || !before.getBranchKind().equals(kind)) {
                emit(b.getId(), placement(commune.getParentCode(), kind, seq), timestamp);
            }
        } else {
            throw new IllegalStateException("unexpected reference payload " + payload);
        }
        return Outcome.APPLIED;
    }

    private void accept(ReferenceEntry entry, long timestamp) {
        String key = ReferenceLookup.key(entry.getType(), entry.getCode());
        store.put(key, entry);
        emit(key, entry, timestamp);
    }

    private List<ReferenceEntry> branchesOf(String communeCode) {
        List<ReferenceEntry> branches = new ArrayList<>();
        try (KeyValueIterator<String, ReferenceEntry> it = store.prefixScan(ReferenceLookup.BRANCH + ":", new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, ReferenceEntry> kv = it.next();
                if (communeCode.equals(kv.value.getParentCode())) {
                    branches.add(kv.value);
                }
            }
        }
        return branches;
    }

    private static BranchChange placement(String districtCode, String kind, long seq) {
        BranchChange change = Deltas.branchChange();
        change.setPlacement(new Placement(districtCode, kind, seq));
        return change;
    }
}
