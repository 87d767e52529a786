package vn.chibo.pulse.sink.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One row of one relation, named by the values of its key columns. */
public record RowKey(Relation relation, List<Object> values) {
    public RowKey {
        // not List.copyOf: a transfer's side outside the province is a null key value
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    @Override
    public String toString() {
        return relation.table() + values;
    }
}
