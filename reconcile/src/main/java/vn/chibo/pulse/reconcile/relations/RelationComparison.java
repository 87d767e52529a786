package vn.chibo.pulse.reconcile.relations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One relation recomputed from the event log against the one found: every cell of every row
 * either holds, a missing row of figures counting as zeros (SPEC §4).
 */
public final class RelationComparison {

    /** One cell that differs: where, and both values (null: no such row in the tree). */
    public record Difference(String relation, Map<String, String> key, String column, Object expected, Object found) {
        @Override
        public String toString() {
            return relation + " " + key + " " + column + ": expected " + expected + ", found " + found;
        }
    }

    /** What the comparison of one relation found; {@code first} holds the first differences in key order. */
    public record Result(String relation, long rows, long cells, long equalCells, long differentCells,
                         long rowsDifferent, List<Difference> first) {
        public boolean agreed() {
            return differentCells == 0;
        }
    }

    private static final Comparator<List<String>> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = String.valueOf(a.get(i)).compareTo(String.valueOf(b.get(i)));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private RelationComparison() {
    }

    /** @param keep how many differences to keep for the report */
    public static Result compare(Relation expected, Relation found, int keep) {
        RelationShape shape = expected.shape();
        TreeSet<List<String>> keys = new TreeSet<>(KEY_ORDER);
        keys.addAll(expected.keys());
        keys.addAll(found.keys());
        long cells = 0;
        long equal = 0;
        long rowsDifferent = 0;
        List<Difference> first = new ArrayList<>();
        for (List<String> key : keys) {
            List<Object> want = expected.row(key);
            List<Object> got = found.row(key);
            boolean rowDiffers = false;
            for (int i = 0; i < want.size(); i++) {
                cells++;
                if (Objects.equals(want.get(i), got.get(i))) {
                    equal++;
                    continue;
                }
                rowDiffers = true;
                if (first.size() < keep) {
                    first.add(new Difference(shape.name(), named(shape, key), shape.valueColumns().get(i), want.get(i), got.get(i)));
                }
            }
            rowsDifferent += rowDiffers ? 1 : 0;
        }
        return new Result(shape.name(), keys.size(), cells, equal, cells - equal, rowsDifferent, List.copyOf(first));
    }

    private static Map<String, String> named(RelationShape shape, List<String> key) {
        Map<String, String> named = new LinkedHashMap<>();
        for (int i = 0; i < key.size(); i++) {
            named.put(shape.keyColumns().get(i), key.get(i));
        }
        return named;
    }
}
