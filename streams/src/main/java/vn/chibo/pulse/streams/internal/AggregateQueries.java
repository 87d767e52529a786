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

import vn.chibo.pulse.aggregates.BranchCurrent;
import vn.chibo.pulse.aggregates.BranchMonthly;
import vn.chibo.pulse.aggregates.BranchYearly;
import vn.chibo.pulse.domain.AggregateKeys;
import vn.chibo.pulse.domain.Figures;
import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.streams.internal.model.PendingEvents;
import vn.chibo.pulse.streams.internal.model.ReferenceEntry;

/**
 * The answers of the interactive queries, as JSON, read from the app's stores. Figures are kept per
 * branch: every branch the reference data holds gets a row (zeros when nothing was counted), sorted
 * by id, plus a "province" object that adds them up. The levels between (communes, districts) are the
 * reporting database's views over the same rows.
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

    /** Branches held by the reference data (id → name). */
    public Map<String, String> branches() {
        Map<String, String> names = new TreeMap<>();
        ReadOnlyKeyValueStore<String, ReferenceEntry> reference = stores.store(StoreNames.REFERENCE_LOOKUP);
        try (KeyValueIterator<String, ReferenceEntry> it = reference.prefixScan(ReferenceLookup.BRANCH + ":", new StringSerializer())) {
            it.forEachRemaining(kv -> names.put(kv.value.getCode(), kv.value.getName()));
        }
        return names;
    }

    public ObjectNode current() {
        ReadOnlyKeyValueStore<String, BranchCurrent> store = stores.store(StoreNames.BRANCH_CURRENT);
        ObjectNode result = JSON.createObjectNode();
        result.set("branches", rows(branch -> {
            BranchCurrent c = store.get(branch);
            return c == null ? Deltas.current(branch) : c;
        }, result));
        return result;
    }

    public ObjectNode monthly(YearMonth month) {
        ReadOnlyKeyValueStore<String, BranchMonthly> store = stores.store(StoreNames.BRANCH_MONTHLY);
        ObjectNode result = JSON.createObjectNode();
        result.put("month", month.toString());
        result.set("branches", rows(branch -> {
            BranchMonthly m = store.get(AggregateKeys.monthly(branch, month));
            return m == null ? Deltas.monthly(branch, month.atDay(1)) : m;
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
        ReadOnlyKeyValueStore<String, BranchYearly> store = stores.store(StoreNames.BRANCH_YEARLY);
        ObjectNode result = JSON.createObjectNode();
        result.put("year", year);
        result.set("branches", rows(branch -> {
            BranchYearly y = store.get(AggregateKeys.yearly(branch, year));
            return y == null ? Deltas.yearly(branch, year) : y;
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
        for (Aggregate<?> aggregate : Aggregate.ALL) {
            ReadOnlyKeyValueStore<String, Long> store = stores.store(aggregate.changedAtStore());
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
        for (Map.Entry<String, String> branch : branches().entrySet()) {
            R record = row.apply(branch.getKey());
            ObjectNode node = toJson(record);
            node.put("branchName", branch.getValue());
            rows.add(node);
            for (Schema.Field f : Figures.of(record.getSchema()).figureFields()) {
                province.merge(f.name(), ((Integer) record.get(f.pos())).longValue(), Long::sum);
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
