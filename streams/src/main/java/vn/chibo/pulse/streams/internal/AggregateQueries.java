package vn.chibo.pulse.streams.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.Figures;

/**
 * The answers of the interactive queries, as JSON, merged over every instance of the app that holds a
 * part of the state ({@link StateHolders}): rejection and waiting counts add up, branch rows are
 * unioned, the last change is the latest. Figures are kept per branch: every branch the reference data
 * holds gets a row (zeros when nothing was counted), sorted by id, plus a "province" object that adds
 * them up. The levels between (communes, districts) are the reporting database's views over the same rows.
 */
public final class AggregateQueries {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LocalAggregates local;
    private final StateHolders holders;
    private final Clock clock;

    public AggregateQueries(LocalAggregates local, StateHolders holders, Clock clock) {
        this.local = local;
        this.holders = holders;
        this.clock = clock;
    }

    /** This month in Vietnam. */
    public YearMonth thisMonth() {
        return YearMonth.from(LocalDate.now(clock.withZone(EventRules.ZONE)));
    }

    /** The partial answer of this instance alone, for {@code /internal/local/<path>}. */
    public ObjectNode local(String pathAndQuery) {
        return local.answer(pathAndQuery);
    }

    public ObjectNode current() {
        ObjectNode result = JSON.createObjectNode();
        result.set("branches", rows("current", StoreNames.BRANCH_CURRENT, Deltas::current, result));
        return result;
    }

    public ObjectNode monthly(YearMonth month) {
        ObjectNode result = JSON.createObjectNode();
        result.put("month", month.toString());
        result.set("branches", rows("monthly?month=" + month, StoreNames.BRANCH_MONTHLY,
                branch -> Deltas.monthly(branch, month.atDay(1)), result));
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
        ObjectNode result = JSON.createObjectNode();
        result.put("year", year);
        result.set("branches", rows("yearly?year=" + year, StoreNames.BRANCH_YEARLY, branch -> Deltas.yearly(branch, year), result));
        return result;
    }

    /**
     * Refused events per reason code, over the three rejecting processors, and how many events wait for
     * reference data: those may still be refused ({@code UNKNOWN_BRANCH}) or counted, so a total read
     * while any wait is not final.
     */
    public ObjectNode rejections() {
        Map<String, Long> byReason = new TreeMap<>();
        long waiting = 0;
        for (JsonNode part : holders.ask("rejections", LocalAggregates.REJECTION_STORES)) {
            part.path("byReason").fields().forEachRemaining(e -> byReason.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            waiting += part.path("waiting").asLong();
        }
        ObjectNode result = JSON.createObjectNode();
        result.put("total", byReason.values().stream().mapToLong(Long::longValue).sum());
        ObjectNode reasons = result.putObject("byReason");
        byReason.forEach(reasons::put);
        result.put("waiting", waiting);
        return result;
    }

    /** When an aggregate last changed (wall clock of the app), or null before the first change. */
    public Instant lastChanged() {
        long latest = holders.ask("last-changed", LocalAggregates.CHANGED_AT_STORES).stream()
                .mapToLong(part -> part.path("lastChanged").asLong(-1)).max().orElse(-1);
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

    /** Every branch's row, from whichever instance holds it (zeros where none does), and the province sums. */
    private ArrayNode rows(String localPath, String store, Function<String, SpecificRecord> zeros, ObjectNode result) {
        Map<String, JsonNode> parts = new HashMap<>();
        for (JsonNode part : holders.ask(localPath, List.of(store))) {
            part.path("rows").fields().forEachRemaining(e -> parts.put(e.getKey(), e.getValue()));
        }
        ArrayNode rows = JSON.createArrayNode();
        Map<String, Long> province = new TreeMap<>();
        List<Schema.Field> figures = Figures.of(zeros.apply("").getSchema()).figureFields();
        for (Map.Entry<String, String> branch : local.branches().entrySet()) {
            JsonNode held = parts.get(branch.getKey());
            ObjectNode node = held == null ? toJson(zeros.apply(branch.getKey())) : (ObjectNode) held;
            node.put("branchName", branch.getValue());
            rows.add(node);
            for (Schema.Field f : figures) {
                province.merge(f.name(), node.path(f.name()).asLong(), Long::sum);
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
