package vn.chibo.pulse.streams.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import vn.chibo.pulse.aggregates.DistrictCurrent;
import vn.chibo.pulse.aggregates.DistrictMonthlyStats;
import vn.chibo.pulse.aggregates.DistrictYearlyStats;
import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.streams.internal.model.PendingEvents;
import vn.chibo.pulse.streams.internal.model.ReferenceEntry;

/**
 * The answers of the interactive queries, as JSON, read from the app's stores. Every district the
 * reference data holds gets a row (zeros when nothing was counted), sorted by code, plus a
 * "province" row that adds them up.
 */
public final class AggregateQueries {
    /** How a query reaches a store by name: the running app's stores, or a test driver's. */
    public interface StoreAccess {
        <V> ReadOnlyKeyValueStore<String, V> store(String name);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StoreAccess stores;
    private final Clock clock;

    public AggregateQueries(StoreAccess stores, Clock clock) {
        this.stores = stores;
        this.clock = clock;
    }

    /** This month in Vietnam. */
    public YearMonth thisMonth() {
        return YearMonth.from(LocalDate.now(clock.withZone(EventRules.ZONE)));
    }

    /** Districts held by the reference data (code → name), and any district that has a total. */
    public Map<String, String> districts() {
        Map<String, String> names = new TreeMap<>();
        ReadOnlyKeyValueStore<String, ReferenceEntry> reference = stores.store(StoreNames.REFERENCE_LOOKUP);
        try (KeyValueIterator<String, ReferenceEntry> it = reference.prefixScan(ReferenceLookup.DISTRICT + ":", new StringSerializer())) {
            it.forEachRemaining(kv -> names.put(kv.value.getCode(), kv.value.getName()));
        }
        ReadOnlyKeyValueStore<String, DistrictCurrent> current = stores.store(StoreNames.DISTRICT_CURRENT);
        try (KeyValueIterator<String, DistrictCurrent> it = current.all()) {
            it.forEachRemaining(kv -> names.putIfAbsent(kv.key, null));
        }
        return names;
    }

    public ObjectNode current() {
        ReadOnlyKeyValueStore<String, DistrictCurrent> store = stores.store(StoreNames.DISTRICT_CURRENT);
        ObjectNode result = JSON.createObjectNode();
        result.set("districts", rows(district -> {
            DistrictCurrent c = store.get(district);
            return c == null ? Deltas.current(district) : c;
        }, result));
        return result;
    }

    public ObjectNode monthly(YearMonth month) {
        ReadOnlyKeyValueStore<String, DistrictMonthlyStats> store = stores.store(StoreNames.DISTRICT_MONTHLY);
        ObjectNode result = JSON.createObjectNode();
        result.put("month", month.toString());
        result.set("districts", rows(district -> {
            DistrictMonthlyStats m = store.get(AggregateKeys.monthly(district, month));
            return m == null ? Deltas.monthly(district, month) : m;
        }, result));
        return result;
    }

    /** The {@code count} months ending with {@code last}, oldest first. */
    public ObjectNode recentMonths(YearMonth last, int count) {
        ObjectNode result = JSON.createObjectNode();
        ArrayNode months = result.putArray("months");
        for (int i = count - 1; i >= 0; i--) {
            months.add(monthly(last.minusMonths(i)));
        }
        return result;
    }

    public ObjectNode yearly(int year) {
        ReadOnlyKeyValueStore<String, DistrictYearlyStats> store = stores.store(StoreNames.DISTRICT_YEARLY);
        ObjectNode result = JSON.createObjectNode();
        result.put("year", year);
        result.set("districts", rows(district -> {
            DistrictYearlyStats y = store.get(AggregateKeys.yearly(district, year));
            return y == null ? Deltas.yearly(district, year) : y;
        }, result));
        return result;
    }

    /**
     * Refused events per reason code, over the three rejecting processors, and how many events wait for
     * reference data: those may still be refused ({@code UNKNOWN_BRANCH}) or counted, so a total read
     * while any wait is not final.
     */
    public ObjectNode rejections() {
        Map<String, Long> byReason = new TreeMap<>();
        for (String name : List.of(StoreNames.REFERENCE_REJECTIONS, StoreNames.MEMBER_REJECTIONS, StoreNames.MEETING_REJECTIONS)) {
            ReadOnlyKeyValueStore<String, Long> store = stores.store(name);
            try (KeyValueIterator<String, Long> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<String, Long> kv = it.next();
                    byReason.merge(kv.key, kv.value, Long::sum);
                }
            }
        }
        ObjectNode result = JSON.createObjectNode();
        result.put("total", byReason.values().stream().mapToLong(Long::longValue).sum());
        ObjectNode reasons = result.putObject("byReason");
        byReason.forEach(reasons::put);
        result.put("waiting", waitingForReference());
        return result;
    }

    /** Member and meeting events held back until their branch is known or the wait runs out. */
    public long waitingForReference() {
        long waiting = 0;
        for (String name : List.of(StoreNames.MEMBER_PENDING, StoreNames.MEETING_PENDING)) {
            ReadOnlyKeyValueStore<String, PendingEvents> store = stores.store(name);
            try (KeyValueIterator<String, PendingEvents> it = store.all()) {
                while (it.hasNext()) {
                    waiting += it.next().value.getEvents().size();
                }
            }
        }
        return waiting;
    }

    /** When an aggregate last changed (wall clock of the app), or null before the first change. */
    public Instant lastChanged() {
        long latest = -1;
        for (String name : List.of(StoreNames.CURRENT_CHANGED_AT, StoreNames.MONTHLY_CHANGED_AT, StoreNames.YEARLY_CHANGED_AT)) {
            ReadOnlyKeyValueStore<String, Long> store = stores.store(name);
            try (KeyValueIterator<String, Long> it = store.all()) {
                while (it.hasNext()) {
                    latest = Math.max(latest, it.next().value);
                }
            }
        }
        return latest < 0 ? null : Instant.ofEpochMilli(latest);
    }

    public ObjectNode lastChangedJson() {
        ObjectNode result = JSON.createObjectNode();
        Instant at = lastChanged();
        result.put("lastChanged", at == null ? null : at.toString());
        return result;
    }

    /** Everything the dashboard shows, in one answer. */
    public ObjectNode summary() {
        YearMonth month = thisMonth();
        ObjectNode result = JSON.createObjectNode();
        result.set("current", current());
        result.set("month", monthly(month));
        result.set("recentMonths", recentMonths(month, 12).get("months"));
        result.set("year", yearly(month.getYear()));
        result.set("rejections", rejections());
        result.setAll(lastChangedJson());
        return result;
    }

    private <R extends SpecificRecord> ArrayNode rows(Function<String, R> row, ObjectNode result) {
        ArrayNode rows = JSON.createArrayNode();
        Map<String, Long> province = new TreeMap<>();
        Schema schema = null;
        for (Map.Entry<String, String> district : districts().entrySet()) {
            R record = row.apply(district.getKey());
            schema = record.getSchema();
            ObjectNode node = toJson(record);
            node.put("districtName", district.getValue());
            rows.add(node);
            for (Schema.Field f : schema.getFields()) {
                if (record.get(f.pos()) instanceof Integer n && !f.name().equals("year")) {
                    province.merge(f.name(), n.longValue(), Long::sum);
                }
            }
        }
        ObjectNode sums = result.putObject("province");
        province.forEach(sums::put);
        return rows;
    }

    static ObjectNode toJson(SpecificRecord record) {
        ObjectNode node = JSON.createObjectNode();
        for (Schema.Field f : record.getSchema().getFields()) {
            Object v = record.get(f.pos());
            if (v instanceof Integer n) {
                node.put(f.name(), n);
            } else if (v instanceof Long n) {
                node.put(f.name(), n);
            } else if (v == null) {
                node.putNull(f.name());
            } else {
                node.put(f.name(), v.toString());
            }
        }
        return node;
    }

}
