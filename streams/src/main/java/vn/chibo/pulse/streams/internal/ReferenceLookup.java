package vn.chibo.pulse.streams.internal;

import java.util.Optional;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import vn.chibo.pulse.streams.internal.model.Placement;
import vn.chibo.pulse.streams.internal.model.ReferenceEntry;

/** Branch → commune → district, over a store of accepted reference records keyed '<type>:<code>'. */
final class ReferenceLookup {
    static final String DISTRICT = "District";
    static final String COMMUNE = "Commune";
    static final String BRANCH = "Branch";

    private final ReadOnlyKeyValueStore<String, ReferenceEntry> store;

    ReferenceLookup(ReadOnlyKeyValueStore<String, ReferenceEntry> store) {
        this.store = store;
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
