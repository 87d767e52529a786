package vn.chibo.pulse.sink.internal;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** What one aggregate record asks of PostgreSQL: set a row to a value, or delete it (a tombstone). */
public sealed interface Change {

    RowKey row();

    record Upsert(RowKey row, SpecificRecord value) implements Change {
        /** Values of the non-key columns, in the relation's column order. */
        public List<Object> columnValues() {
            return row.relation().valuesOf(value);
        }
    }

    record Delete(RowKey row) implements Change {}
}
