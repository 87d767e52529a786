package vn.chibo.pulse.streams.internal;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import vn.chibo.pulse.domain.AggregateKeys;
import vn.chibo.pulse.streams.internal.model.PendingEvents;
import vn.chibo.pulse.streams.internal.model.ReferenceEntry;

/**
 * What this instance's own stores hold: the partial answers that {@link AggregateQueries} merges over
 * every instance of the app (served at {@code /internal/local/...}, so asking never fans out again).
 * A store none of whose partitions is active here contributes nothing.
 */
public final class LocalAggregates {
    /** How a query reaches a store by name: the running app's local stores, or a test driver's. */
    public interface StoreAccess {
        <V> ReadOnlyKeyValueStore<String, V> store(String name);

        /** False when no partition of the store is active on this instance (its figures are elsewhere). */
        default boolean holds(String name) {
            return true;
        }
    }

    static final List<String> REJECTION_STORES = List.of(StoreNames.REFERENCE_REJECTIONS, StoreNames.MEMBER_REJECTIONS,
            StoreNames.MEETING_REJECTIONS, StoreNames.MEMBER_PENDING, StoreNames.MEETING_PENDING);
    static final List<String> CHANGED_AT_STORES = Aggregate.ALL.stream().map(Aggregate::changedAtStore).toList();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StoreAccess stores;

    public LocalAggregates(StoreAccess stores) {
        this.stores = stores;
    }

    /** The answer to {@code /internal/local/<path>?<query>}, or null for an unknown path. */
    public ObjectNode answer(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, String> params = QueryServer.params(q < 0 ? null : pathAndQuery.substring(q + 1));
        return switch (path) {
            case "current" -> current();
            case "monthly" -> monthly(YearMonth.parse(params.get("month")));
            case "yearly" -> yearly(Integer.parseInt(params.get("year")));
            case "rejections" -> rejections();
            case "last-changed" -> lastChanged();
            default -> null;
        };
    }

    /** Branches held by the reference data (id → name): a global store, whole on every instance. */
    public Map<String, String> branches() {
        Map<String, String> names = new TreeMap<>();
        ReadOnlyKeyValueStore<String, ReferenceEntry> reference = stores.store(StoreNames.REFERENCE_LOOKUP);
        try (KeyValueIterator<String, ReferenceEntry> it = reference.prefixScan(ReferenceLookup.BRANCH + ":", new StringSerializer())) {
            it.forEachRemaining(kv -> names.put(kv.value.getCode(), kv.value.getName()));
        }
        return names;
    }

    /** {"rows": {branchId: BranchCurrent}} for the branches whose row is here. */
    public ObjectNode current() {
        return rows(StoreNames.BRANCH_CURRENT, branch -> branch);
    }

    public ObjectNode monthly(YearMonth month) {
        return rows(StoreNames.BRANCH_MONTHLY, branch -> AggregateKeys.monthly(branch, month));
    }

    public ObjectNode yearly(int year) {
        return rows(StoreNames.BRANCH_YEARLY, branch -> AggregateKeys.yearly(branch, year));
    }

    /** {"byReason": {reason: n}, "waiting": n} over the partitions held here. */
    public ObjectNode rejections() {
        ObjectNode result = JSON.createObjectNode();
        ObjectNode byReason = result.putObject("byReason");
        for (String name : REJECTION_STORES.subList(0, 3)) {
            this.<Long>forEach(name, kv -> byReason.put(kv.key, byReason.path(kv.key).asLong() + kv.value));
        }
        long[] waiting = {0};
        for (String name : REJECTION_STORES.subList(3, 5)) {
            this.<PendingEvents>forEach(name, kv -> waiting[0] += kv.value.getEvents().size());
        }
        result.put("waiting", waiting[0]);
        return result;
    }

    /** {"lastChanged": epoch millis, or -1 before the first change held here}. */
    public ObjectNode lastChanged() {
        long[] latest = {-1};
        for (String name : CHANGED_AT_STORES) {
            this.<Long>forEach(name, kv -> latest[0] = Math.max(latest[0], kv.value));
        }
        return JSON.createObjectNode().put("lastChanged", latest[0]);
    }

    private <R extends SpecificRecord> ObjectNode rows(String storeName, Function<String, String> key) {
        ObjectNode result = JSON.createObjectNode();
        ObjectNode rows = result.putObject("rows");
        if (stores.holds(storeName)) {
            ReadOnlyKeyValueStore<String, R> store = stores.store(storeName);
            for (String branch : branches().keySet()) {
                R row = store.get(key.apply(branch));
                if (row != null) {
                    rows.set(branch, AggregateQueries.toJson(row));
                }
            }
        }
        return result;
    }

    private <V> void forEach(String storeName, Consumer<KeyValue<String, V>> action) {
        if (!stores.holds(storeName)) {
            return;
        }
        ReadOnlyKeyValueStore<String, V> store = stores.store(storeName);
        try (KeyValueIterator<String, V> it = store.all()) {
            it.forEachRemaining(action);
        }
    }
}
