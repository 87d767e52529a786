package vn.chibo.pulse.streams.internal;

import java.util.HashSet;
import java.util.Set;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import vn.chibo.pulse.streams.internal.model.ReferenceEntry;

/** Districts, communes and branches, over a store of accepted reference records keyed '<type>:<code>'. */
final class ReferenceLookup {
    static final String DISTRICT = "District";
    static final String COMMUNE = "Commune";
    static final String BRANCH = "Branch";

    /** Branches remembered as held between reference arrivals: a hot branch costs no store reads then. */
    private static final int MAX_REMEMBERED = 100_000;

    private final ReadOnlyKeyValueStore<String, ReferenceEntry> store;
    private final ReferenceArrivals arrivals;
    private final Set<String> remembered = new HashSet<>();
    private long rememberedAt = -1;

    /** A lookup that reads the store every time (for a store its owner writes). */
    ReferenceLookup(ReadOnlyKeyValueStore<String, ReferenceEntry> store) {
        this(store, null);
    }

    /**
     * A lookup over the global store that remembers the branches it found until reference data
     * arrives again (then it forgets them all, to bound what it keeps).
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

    /** Whether the reference data holds the branch (and so its commune). */
    boolean holdsBranch(String branchId) {
        if (arrivals == null) {
            return get(BRANCH, branchId) != null;
        }
        long version = arrivals.version();
        if (version != rememberedAt || remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
            rememberedAt = version;
        }
        // only held branches are remembered: one not held may arrive any moment
        if (remembered.contains(branchId)) {
            return true;
        }
        boolean held = get(BRANCH, branchId) != null;
        if (held) {
            remembered.add(branchId);
        }
        return held;
    }
}
