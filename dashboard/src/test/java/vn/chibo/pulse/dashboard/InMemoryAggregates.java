package vn.chibo.pulse.dashboard;

import java.io.IOException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Aggregates held in memory, for tests of the server and the page: a source whose figures a test
 * sets directly. It can also be made unreachable, as the streams app is while it restarts.
 */
final class InMemoryAggregates implements AggregateSource {

    private final Map<String, String> names = new TreeMap<>();
    private final Map<String, DistrictTotals> current = new TreeMap<>();
    private final Map<String, MonthlyFigures> monthly = new TreeMap<>();
    private final Map<String, YearlyFigures> yearly = new TreeMap<>();
    private final Map<String, Long> rejections = new TreeMap<>();
    private long waiting;
    private Instant lastChanged = Instant.parse("2025-01-01T00:00:00Z");
    private boolean down;
    private int lastChangedCalls;
    private int fullReads;

    synchronized InMemoryAggregates district(String code, String name) {
        names.put(code, name);
        return touch();
    }

    synchronized InMemoryAggregates current(DistrictTotals t) {
        current.put(t.districtCode(), t);
        return touch();
    }

    synchronized InMemoryAggregates monthly(MonthlyFigures m) {
        monthly.put(m.districtCode() + "|" + m.month(), m);
        return touch();
    }

    synchronized InMemoryAggregates yearly(YearlyFigures y) {
        yearly.put(y.districtCode() + "|" + y.year(), y);
        return touch();
    }

    synchronized InMemoryAggregates waiting(long events) {
        waiting = events;
        return touch();
    }

    synchronized InMemoryAggregates rejected(String reason, long count) {
        rejections.put(reason, count);
        return touch();
    }

    synchronized void down(boolean isDown) {
        down = isDown;
    }

    synchronized int lastChangedCalls() {
        return lastChangedCalls;
    }

    synchronized int fullReads() {
        return fullReads;
    }

    private InMemoryAggregates touch() {
        Instant now = Instant.now();
        lastChanged = now.isAfter(lastChanged) ? now : lastChanged.plusMillis(1);
        return this;
    }

    private void check() throws IOException {
        if (down) {
            throw new IOException("connection refused (test)");
        }
    }

    @Override
    public synchronized Map<String, String> districtNames() throws IOException {
        check();
        fullReads++;
        return new HashMap<>(names);
    }

    @Override
    public synchronized List<DistrictTotals> current() throws IOException {
        check();
        return new ArrayList<>(current.values());
    }

    @Override
    public synchronized List<MonthlyFigures> monthly(YearMonth from, YearMonth to) throws IOException {
        check();
        List<MonthlyFigures> out = new ArrayList<>();
        for (MonthlyFigures m : monthly.values()) {
            if (!m.month().isBefore(from) && !m.month().isAfter(to)) {
                out.add(m);
            }
        }
        return out;
    }

    @Override
    public synchronized List<YearlyFigures> yearly(int year) throws IOException {
        check();
        List<YearlyFigures> out = new ArrayList<>();
        for (YearlyFigures y : yearly.values()) {
            if (y.year() == year) {
                out.add(y);
            }
        }
        return out;
    }

    @Override
    public synchronized RejectionCounts rejections() throws IOException {
        check();
        return new RejectionCounts(rejections, waiting);
    }

    @Override
    public synchronized Optional<Instant> lastChanged() throws IOException {
        check();
        lastChangedCalls++;
        return Optional.of(lastChanged);
    }
}
