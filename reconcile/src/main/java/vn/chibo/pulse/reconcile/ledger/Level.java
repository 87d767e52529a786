package vn.chibo.pulse.reconcile.ledger;

import java.util.List;
import java.util.Locale;

import vn.chibo.pulse.reconcile.relations.RelationShape;

/** A level of the tree now, and the unit of it that holds a branch (SPEC §3 v2: history is restated in the current tree). */
enum Level {
    BRANCH, COMMUNE, DISTRICT, PROVINCE;

    /** The level of a figures relation, by the prefix of its name ({@code commune_monthly} → COMMUNE). */
    static Level of(RelationShape shape) {
        return valueOf(shape.name().substring(0, shape.name().indexOf('_')).toUpperCase(Locale.ROOT));
    }

    /** The key of the unit holding {@code branchId} now; null when there is none at this level (a commune without district). */
    List<String> unitOf(String branchId, Tree tree) {
        String unit = switch (this) {
            case BRANCH -> branchId;
            case COMMUNE -> tree.communeOf(branchId);
            case DISTRICT -> tree.districtOf(branchId);
            case PROVINCE -> "";
        };
        if (unit == null) {
            return null;
        }
        return this == PROVINCE ? List.of() : List.of(unit);
    }
}
