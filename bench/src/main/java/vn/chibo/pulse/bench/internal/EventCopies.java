package vn.chibo.pulse.bench.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Copies of simulated events under other ids, so that one simulated province can be sent several
 * times as disjoint provinces: every id, code and reference to one gets a prefix (in the event
 * contracts every string but a {@code name} is one), so copy {@code K2-} has its own districts,
 * branches, members, meetings and eventIds, and is judged exactly as the original is.
 */
final class EventCopies {
    private EventCopies() {}

    /** The envelope with {@code prefix} before each of its ids; the envelope itself when the prefix is empty. */
    static SpecificRecord renamed(SpecificRecord envelope, String prefix) {
        if (prefix.isEmpty()) {
            return envelope;
        }
        SpecificRecord copy = SpecificData.get().deepCopy(envelope.getSchema(), envelope);
        rename(copy, prefix);
        return copy;
    }

    private static void rename(SpecificRecord record, String prefix) {
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value instanceof SpecificRecord nested) {
                rename(nested, prefix);
            } else if (value instanceof CharSequence s && !field.name().equals("name")) {
                record.put(field.pos(), prefixed(s, prefix));
            } else if (value instanceof List<?> list) {
                List<Object> renamed = new ArrayList<>(list.size());
                for (Object item : list) {
                    renamed.add(item instanceof CharSequence s ? prefixed(s, prefix) : item);
                }
                record.put(field.pos(), renamed);
            }
        }
    }

    /** An empty id stays empty: it is what makes a deliberately invalid event invalid. */
    private static String prefixed(CharSequence id, String prefix) {
        return id.length() == 0 ? id.toString() : prefix + id;
    }
}
