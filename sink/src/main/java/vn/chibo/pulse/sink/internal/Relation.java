package vn.chibo.pulse.sink.internal;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificData;

import vn.chibo.pulse.aggregates.BranchCurrent;
import vn.chibo.pulse.aggregates.BranchMonthly;
import vn.chibo.pulse.aggregates.BranchName;
import vn.chibo.pulse.aggregates.BranchTransfers;
import vn.chibo.pulse.aggregates.BranchYearly;
import vn.chibo.pulse.aggregates.CommuneName;
import vn.chibo.pulse.aggregates.DistrictName;
import vn.chibo.pulse.domain.AggregateKeys;
import vn.chibo.pulse.domain.Figures;
import vn.chibo.pulse.domain.Topics;

/**
 * The tables the sink writes, each fed by one compacted topic. Columns follow the Avro schema of the
 * topic's records: every field is the column of the same name in snake_case ({@link Figures#column}),
 * the key fields name the row. So a new figure needs no change here: its schema field, its migration
 * and the processor that computes it. The commune, district and province relations are views over
 * these (migrations V4 on).
 */
public enum Relation {
    DISTRICTS(Topics.DISTRICTS, "reporting.districts", DistrictName.class, false, Relation::unit),
    COMMUNES(Topics.COMMUNES, "reporting.communes", CommuneName.class, true, Relation::unit),
    BRANCHES(Topics.BRANCHES, "reporting.branches", BranchName.class, true, Relation::unit),
    BRANCH_CURRENT(Topics.BRANCH_CURRENT, "reporting.branch_current", BranchCurrent.class, true, Relation::unit),
    BRANCH_MONTHLY(Topics.BRANCH_MONTHLY, "reporting.branch_monthly", BranchMonthly.class, true, key -> {
        AggregateKeys.Keyed<?> k = AggregateKeys.parseMonthly(key);
        return List.of(k.unit(), k.period());
    }),
    BRANCH_YEARLY(Topics.BRANCH_YEARLY, "reporting.branch_yearly", BranchYearly.class, true, key -> {
        AggregateKeys.Keyed<?> k = AggregateKeys.parseYearly(key);
        return List.of(k.unit(), k.period());
    }),
    BRANCH_TRANSFERS(Topics.BRANCH_TRANSFERS, "reporting.branch_transfers", BranchTransfers.class, true, key -> {
        List<String> parts = AggregateKeys.parseComposite(key);
        if (parts.size() != 3 || (parts.get(0).isEmpty() && parts.get(1).isEmpty())) {
            throw new IllegalArgumentException("key '" + key + "' does not name two sides of a transfer and a month");
        }
        try {
            // an absent side (outside the province) is the empty string in the key, NULL in the table
            return Arrays.asList(parts.get(0).isEmpty() ? null : parts.get(0), parts.get(1).isEmpty() ? null : parts.get(1),
                    YearMonth.parse(parts.get(2)).atDay(1));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("key '" + key + "' does not end in a month YYYY-MM");
        }
    });

    private final String topic;
    private final String table;
    private final Class<? extends SpecificRecord> valueType;
    private final boolean hasUpdatedAt;
    private final Function<String, List<Object>> keyParser;
    private final List<Schema.Field> keyFields;
    private final List<Schema.Field> valueFields;
    // named once: the writer asks for them with every batch
    private final List<String> keyColumns;
    private final List<String> valueColumns;
    private final Set<String> nullableKeyColumns;

    Relation(String topic, String table, Class<? extends SpecificRecord> valueType, boolean hasUpdatedAt,
             Function<String, List<Object>> keyParser) {
        this.topic = topic;
        this.table = table;
        this.valueType = valueType;
        this.hasUpdatedAt = hasUpdatedAt;
        this.keyParser = keyParser;
        Schema schema = SpecificData.get().getSchema(valueType);
        // A figures record is keyed by its non-figure fields; a unit of the tree by its first field (its code).
        List<Schema.Field> figures = Figures.of(schema).figureFields();
        this.keyFields = figures.isEmpty() ? List.of(schema.getFields().get(0)) : Figures.of(schema).keyFields();
        this.valueFields = schema.getFields().stream().filter(f -> !keyFields.contains(f)).toList();
        this.keyColumns = keyFields.stream().map(Figures::column).toList();
        this.valueColumns = valueFields.stream().map(Figures::column).toList();
        this.nullableKeyColumns = keyFields.stream().filter(f -> f.schema().isNullable()).map(Figures::column)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Values of the key columns, in the order of {@link #keyColumns()}, taken from a record value. */
    List<Object> keyOf(SpecificRecord value) {
        return values(value, keyFields);
    }

    /** Values of the other columns, in the order of {@link #valueColumns()}. */
    List<Object> valuesOf(SpecificRecord value) {
        return values(value, valueFields);
    }

    /** Values of the key columns named by a Kafka record key; IllegalArgumentException if it names none. */
    List<Object> parseKey(String key) {
        return keyParser.apply(key);
    }

    public String topic() {
        return topic;
    }

    public String table() {
        return table;
    }

    public Class<? extends SpecificRecord> valueType() {
        return valueType;
    }

    /** Whether the table has an updated_at column (districts has none: SPEC.md §4 fixes its columns). */
    public boolean hasUpdatedAt() {
        return hasUpdatedAt;
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    /** Whether a key column may be NULL (a transfer's side outside the province): "=" never matches NULL. */
    public boolean keyColumnNullable(String column) {
        return nullableKeyColumns.contains(column);
    }

    public List<String> valueColumns() {
        return valueColumns;
    }

    public static Relation forTopic(String topic) {
        return Arrays.stream(values()).filter(r -> r.topic.equals(topic)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no relation is fed by topic " + topic));
    }

    public static List<String> topics() {
        return Arrays.stream(values()).map(Relation::topic).toList();
    }

    private static List<Object> values(SpecificRecord value, List<Schema.Field> fields) {
        List<Object> values = new ArrayList<>(fields.size());
        for (Schema.Field f : fields) {
            Object v = value.get(f.pos());
            values.add(v instanceof CharSequence s ? s.toString() : v);
        }
        return values;
    }

    private static List<Object> unit(String key) {
        return List.of(AggregateKeys.parseUnit(key));
    }
}
