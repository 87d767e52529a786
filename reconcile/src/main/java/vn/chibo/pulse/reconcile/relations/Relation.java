package vn.chibo.pulse.reconcile.relations;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one relation, keyed by their key columns as text (a month as {@code 2026-11-01}, a
 * year as {@code 2026}); counts are Longs, names and codes Strings (or null).
 */
public final class Relation {

    private final RelationShape shape;
    private final Map<List<String>, List<Object>> rows = new HashMap<>();

    public Relation(RelationShape shape) {
        this.shape = shape;
    }

    public RelationShape shape() {
        return shape;
    }

    public void put(List<String> key, List<Object> values) {
        if (values.size() != shape.valueColumns().size()) {
            throw new IllegalArgumentException(shape.name() + " has " + shape.valueColumns().size() + " columns, got " + values);
        }
        rows.put(List.copyOf(key), Collections.unmodifiableList(new ArrayList<>(values)));
    }

    /** Adds {@code amount} to one count cell, creating the row with zeros. */
    public void add(List<String> key, String column, long amount) {
        int index = shape.valueColumns().indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException(shape.name() + " has no column " + column);
        }
        List<Object> row = new ArrayList<>(rows.getOrDefault(key, Collections.nCopies(shape.valueColumns().size(), 0L)));
        row.set(index, (Long) row.get(index) + amount);
        rows.put(List.copyOf(key), Collections.unmodifiableList(row));
    }

    public Map<List<String>, List<Object>> rows() {
        return Collections.unmodifiableMap(rows);
    }

    /** The row of the key, or the absent row (zeros for figures, nulls for the tree). */
    public List<Object> row(List<String> key) {
        List<Object> row = rows.get(key);
        return row != null ? row : Collections.nCopies(shape.valueColumns().size(), shape.absent());
    }
}
