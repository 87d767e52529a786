package vn.chibo.pulse.reconcile.relations;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of one relation, keyed by their key columns as text (a month as {@code 2026-11-01}, a
 * year as {@code 2026}); counts are Longs, names and codes Strings (or null).
 *
 * <p>A row is an array changed in place: the ledger adds to a national relation's cells tens of
 * millions of times, and a copy of the row at each add made reconcile slow and hungry at that scale.
 */
public final class Relation {

    private final RelationShape shape;
    private final Map<String, Integer> columnIndex = new HashMap<>();
    private final Map<List<String>, Object[]> rows = new HashMap<>();

    public Relation(RelationShape shape) {
        this.shape = shape;
        for (int i = 0; i < shape.valueColumns().size(); i++) {
            columnIndex.put(shape.valueColumns().get(i), i);
        }
    }

    public RelationShape shape() {
        return shape;
    }

    public void put(List<String> key, List<Object> values) {
        if (values.size() != shape.valueColumns().size()) {
            throw new IllegalArgumentException(shape.name() + " has " + shape.valueColumns().size() + " columns, got " + values);
        }
        rows.put(List.copyOf(key), values.toArray());
    }

    /** Adds {@code amount} to one count cell, creating the row with zeros. */
    public void add(List<String> key, String column, long amount) {
        Integer index = columnIndex.get(column);
        if (index == null) {
            throw new IllegalArgumentException(shape.name() + " has no column " + column);
        }
        Object[] row = rows.get(key);
        if (row == null) {
            row = absentRow();
            rows.put(List.copyOf(key), row);
        }
        row[index] = (Long) row[index] + amount;
    }

    /** The keys of the rows held. */
    public Set<List<String>> keys() {
        return Collections.unmodifiableSet(rows.keySet());
    }

    /** The row of the key, or the absent row (zeros for figures, nulls for the tree). */
    public List<Object> row(List<String> key) {
        Object[] row = rows.get(key);
        return Collections.unmodifiableList(Arrays.asList(row != null ? row : absentRow()));
    }

    private Object[] absentRow() {
        Object[] row = new Object[shape.valueColumns().size()];
        Arrays.fill(row, shape.absent());
        return row;
    }
}
