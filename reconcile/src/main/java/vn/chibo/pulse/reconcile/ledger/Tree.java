package vn.chibo.pulse.reconcile.ledger;

import java.util.Map;
import java.util.TreeMap;

import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;

/**
 * The party organisation tree as the reference data holds it now (SPEC §2: each record is an
 * upsert by its key, so a later Branch or Commune record moves the unit with its whole history).
 */
public final class Tree {

    private final Map<String, District> districts = new TreeMap<>();
    private final Map<String, Commune> communes = new TreeMap<>();
    private final Map<String, Branch> branches = new TreeMap<>();

    void put(District d) {
        districts.put(d.getCode(), d);
    }

    void put(Commune c) {
        communes.put(c.getCode(), c);
    }

    void put(Branch b) {
        branches.put(b.getId(), b);
    }

    public boolean hasDistrict(String code) {
        return districts.containsKey(code);
    }

    public boolean hasCommune(String code) {
        return communes.containsKey(code);
    }

    /**
     * The tree's own copy of a branch id it holds, for members to keep: one string per branch rather
     * than one per event that named it (a national log names 60,000 branches for millions of members).
     */
    String sameBranchId(String id) {
        Branch b = branches.get(id);
        return b == null ? id : b.getId();
    }

    public boolean hasBranch(String id) {
        return branches.containsKey(id);
    }

    public Map<String, District> districts() {
        return districts;
    }

    public Map<String, Commune> communes() {
        return communes;
    }

    public Map<String, Branch> branches() {
        return branches;
    }

    /** The commune that holds the branch now. */
    public String communeOf(String branchId) {
        return branches.get(branchId).getCommuneCode();
    }

    /** The district that holds the branch's commune now; null for a commune directly under the province. */
    public String districtOf(String branchId) {
        return communes.get(communeOf(branchId)).getDistrictCode();
    }
}
