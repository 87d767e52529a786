package vn.chibo.pulse.streams.internal;

import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

import vn.chibo.pulse.aggregates.BranchName;
import vn.chibo.pulse.aggregates.CommuneName;
import vn.chibo.pulse.aggregates.DistrictName;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.ReferenceEvent;
import vn.chibo.pulse.streams.internal.model.ReferenceEntry;

/**
 * Reference data (one partition, so in order): validates each record against what is held, keeps it
 * as an upsert, and sends out the accepted record for the global lookup store and the unit as it is
 * now for the tree relations (districts, communes, branches). A branch or commune that moves needs
 * nothing more: figures are kept per branch, and each level adds up the branches it holds now.
 */
final class ReferenceProcessor extends EventProcessor<ReferenceEvent> {
    static final Output<ReferenceEntry> ACCEPTED = new Output<>("accepted", ReferenceEntry.class);
    static final Output<DistrictName> DISTRICTS = new Output<>("districts", DistrictName.class);
    static final Output<CommuneName> COMMUNES = new Output<>("communes", CommuneName.class);
    static final Output<BranchName> BRANCHES = new Output<>("branches", BranchName.class);
    static final List<Output<?>> OUTPUTS = List.of(REJECTED, ACCEPTED, DISTRICTS, COMMUNES, BRANCHES);

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
        long seq = context.recordMetadata().orElseThrow().offset();
        Object payload = event.getPayload();
        if (payload instanceof District d) {
            accept(new ReferenceEntry(ReferenceLookup.DISTRICT, d.getCode(), d.getName(), null, null, seq), timestamp);
            emit(DISTRICTS, d.getCode(), new DistrictName(d.getCode(), d.getName()), timestamp);
        } else if (payload instanceof Commune c) {
            // (v2) a commune without a district reports directly to the province
            if (c.getDistrictCode() != null && held.get(ReferenceLookup.DISTRICT, c.getDistrictCode()) == null) {
                return Outcome.rejected(Rejection.of(RejectionReason.UNKNOWN_DISTRICT,
                        "commune " + c.getCode() + " names district \"" + c.getDistrictCode() + "\", which the reference data does not hold"));
            }
            accept(new ReferenceEntry(ReferenceLookup.COMMUNE, c.getCode(), c.getName(), c.getDistrictCode(), null, seq), timestamp);
            emit(COMMUNES, c.getCode(), new CommuneName(c.getCode(), c.getName(), c.getDistrictCode()), timestamp);
        } else if (payload instanceof Branch b) {
            if (held.get(ReferenceLookup.COMMUNE, b.getCommuneCode()) == null) {
                return Outcome.rejected(Rejection.of(RejectionReason.UNKNOWN_COMMUNE,
                        "branch " + b.getId() + " names commune \"" + b.getCommuneCode() + "\", which the reference data does not hold"));
            }
            String kind = b.getKind().name();
            accept(new ReferenceEntry(ReferenceLookup.BRANCH, b.getId(), b.getName(), b.getCommuneCode(), kind, seq), timestamp);
            emit(BRANCHES, b.getId(), new BranchName(b.getId(), b.getName(), b.getCommuneCode(), kind), timestamp);
        } else {
            throw new IllegalStateException("unexpected reference payload " + payload);
        }
        return Outcome.APPLIED;
    }

    private void accept(ReferenceEntry entry, long timestamp) {
        String key = ReferenceLookup.key(entry.getType(), entry.getCode());
        store.put(key, entry);
        emit(ACCEPTED, key, entry, timestamp);
    }
}
