package vn.chibo.pulse.streams.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import vn.chibo.pulse.streams.internal.model.Placement;
import vn.chibo.pulse.streams.internal.model.ReferenceEntry;

/** Branch → commune → district, over a store of accepted reference records keyed '<type>:<code>'. */
final class ReferenceLookup {
    static final String DISTRICT = "District";
    static final String COMMUNE = "Commune";
    static final String BRANCH = "Branch";

    /** Placements remembered between reference arrivals: a hot branch costs no store reads then. */
    private static final int MAX_REMEMBERED = 100_000;

    private final ReadOnlyKeyValueStore<String, ReferenceEntry> store;
    private final ReferenceArrivals arrivals;
    private final Map<String, Optional<Placement>> remembered = new HashMap<>();
    private long rememberedAt = -1;

    /** A lookup that reads the store every time (for a store its owner writes). */
    ReferenceLookup(ReadOnlyKeyValueStore<String, ReferenceEntry> store) {
        this(store, null);
    }

    /**
     * A lookup over the global store that remembers the placements it found until reference data
     * arrives again (then it forgets them all: a branch or commune may have moved).
     */
    ReferenceLookup(ReadOnlyKeyValueStore<String, ReferenceEntry> store, ReferenceArrivals arrivals) {
        this.store = store;
        this.arrivals = arrivals;
    }

    static String key(String type, String code) {
        return type + ":" + code;
    }

    ReferenceEntry get(String type, String code) {
        return store.get(key(type, code));
    }

    /**
     * Where a branch sits now, or empty when the reference data does not hold it. The placement's
     * sequence is the later of the branch's and its commune's records: a commune that moves to
     * another district moves its branches at the commune record's offset.
     */
    Optional<Placement> branch(String branchId) {
        if (arrivals == null) {
            return read(branchId);
        }
        long version = arrivals.version();
        if (version != rememberedAt || remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
            rememberedAt = version;
        }
        Optional<Placement> placement = remembered.get(branchId);
        if (placement == null) {
            placement = read(branchId);
            remembered.put(branchId, placement);
        }
        return placement;
    }

    private Optional<Placement> read(String branchId) {
        ReferenceEntry branch = get(BRANCH, branchId);
        if (branch == null) {
            return Optional.empty();
        }
        ReferenceEntry commune = get(COMMUNE, branch.getParentCode());
        if (commune == null) {
            return Optional.empty();
        }
        return Optional.of(new Placement(commune.getParentCode(), branch.getBranchKind(),
                Math.max(branch.getSeq(), commune.getSeq())));
    }
}
