package vn.chibo.pulse.sink.internal;

import java.util.List;

/** One row of one relation, named by the values of its key columns. */
public record RowKey(Relation relation, List<Object> values) {
    public RowKey {
        values = List.copyOf(values);
    }

    @Override
    public String toString() {
        return relation.table() + values;
    }
}
