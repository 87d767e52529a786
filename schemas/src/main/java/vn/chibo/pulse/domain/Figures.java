package vn.chibo.pulse.domain;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The figures of an aggregate, read from its Avro schema: every {@code int} field with a default is a
 * count (a figure); the other fields name the row (its key). The sink's columns, the streams app's
 * additions and the board's field names all follow from this, so a new figure is one new field.
 */
public final class Figures {
    private static final Map<Schema, Figures> BY_SCHEMA = new ConcurrentHashMap<>();
    private static final Pattern WORD_BOUNDARY = Pattern.compile("([a-z0-9])([A-Z])");

    private final List<Schema.Field> keys;
    private final List<Schema.Field> figures;
    private final int[] figurePositions;

    private Figures(Schema schema) {
        this.keys = schema.getFields().stream().filter(f -> !isFigure(f)).toList();
        this.figures = schema.getFields().stream().filter(Figures::isFigure).toList();
        this.figurePositions = figures.stream().mapToInt(Schema.Field::pos).toArray();
    }

    public static Figures of(Schema schema) {
        return BY_SCHEMA.computeIfAbsent(schema, Figures::new);
    }

    private static boolean isFigure(Schema.Field f) {
        return f.schema().getType() == Schema.Type.INT && f.schema().getLogicalType() == null && f.hasDefaultValue();
    }

    /** The fields that name the row, in schema order. */
    public List<Schema.Field> keyFields() {
        return keys;
    }

    /** The counts, in schema order. */
    public List<Schema.Field> figureFields() {
        return figures;
    }

    /** The column of a field: its name in snake_case ({@code membersAtRisk} → {@code members_at_risk}). */
    public static String column(Schema.Field field) {
        return WORD_BOUNDARY.matcher(field.name()).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    }

    /**
     * Adds every figure of {@code delta} to {@code total} and takes the key fields from {@code delta};
     * returns {@code total}. Deltas travel as the aggregate records themselves, each count holding a
     * (possibly negative) change.
     */
    public <T extends SpecificRecord> T addInto(T total, T delta) {
        for (Schema.Field key : keys) {
            total.put(key.pos(), delta.get(key.pos()));
        }
        for (int pos : figurePositions) {
            total.put(pos, (Integer) total.get(pos) + (Integer) delta.get(pos));
        }
        return total;
    }

    /** Whether every figure is zero. */
    public boolean isZero(SpecificRecord record) {
        for (int pos : figurePositions) {
            if ((Integer) record.get(pos) != 0) {
                return false;
            }
        }
        return true;
    }
}
