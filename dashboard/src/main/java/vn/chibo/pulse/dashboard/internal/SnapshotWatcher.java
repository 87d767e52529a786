package vn.chibo.pulse.dashboard.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.chibo.pulse.dashboard.RejectionCounts;
import vn.chibo.pulse.dashboard.StreamsState;

/**
 * Watches PostgreSQL's figures and the streams app's rejections and keeps the latest
 * {@link Snapshot}. Every {@code pollInterval} it asks PostgreSQL when the tables the sink writes
 * last changed (one cheap query); the rejections and the last reconciliation, which change seldom,
 * it reads every {@code rejectionsInterval}.
 * Listeners hear of a snapshot only when it differs from the one before.
 */
public final class SnapshotWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SnapshotWatcher.class);

    private final ReportingDatabase database;
    private final StreamsState streams;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration pollInterval;
    private final Duration rejectionsInterval;
    private final CopyOnWriteArrayList<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;

    private volatile Snapshot latest;
    private Snapshot.Rejections rejections = new Snapshot.Rejections(0, List.of(), 0);
    private String streamsHealth = "DOWN";
    private Instant rejectionsReadAt = Instant.MIN;
    private String postgresHealth = "UP";
    private Snapshot.Reconciliation reconciliation;
    private Instant reconciliationReadAt = Instant.MIN;
    private boolean reconciliationReadable = true;
    private long polls;
    // read by /metrics from another thread
    private final AtomicLong postgresFailures = new AtomicLong();
    private final AtomicLong streamsFailures = new AtomicLong();

    public SnapshotWatcher(ReportingDatabase database, StreamsState streams, Clock clock, ZoneId zone,
                           Duration pollInterval, Duration rejectionsInterval) {
        this.database = database;
        this.streams = streams;
        this.clock = clock;
        this.zone = zone;
        this.pollInterval = pollInterval;
        this.rejectionsInterval = rejectionsInterval;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads a first snapshot (so the page never starts empty) and starts polling. */
    public void start() {
        poll();
        timer.scheduleWithFixedDelay(this::poll, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The latest snapshot; never null once started. */
    public Snapshot latest() {
        return latest;
    }

    /** The month the board calls "this month". */
    public YearMonth currentMonth() {
        return YearMonth.now(clock.withZone(zone));
    }

    /** Rounds of the watch so far (tests count them instead of sleeping). */
    public synchronized long polls() {
        return polls;
    }

    /** Polls of PostgreSQL that failed since start. */
    public long postgresFailures() {
        return postgresFailures.get();
    }

    /** Reads of the streams app's rejections that failed since start. */
    public long streamsFailures() {
        return streamsFailures.get();
    }

    public void addListener(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Snapshot> listener) {
        listeners.remove(listener);
    }

    /** One round of the watch; runs on the timer thread only (and once in start). */
    synchronized void poll() {
        polls++;
        Instant now = clock.instant();
        Snapshot previous = latest;
        String figures = previous == null ? "" : previous.figures();
        String lastChanged = previous == null ? null : previous.lastChanged();
        try {
            ReportingDatabase.Changes changes = database.changes();
            figures = changes.lastChanged() + "/" + changes.rows();
            lastChanged = changes.lastChanged() == null ? null : changes.lastChanged().toString();
            if (!postgresHealth.equals("UP")) {
                log.info("{} answers again", database);
            }
            postgresHealth = "UP";
        } catch (SQLException | RuntimeException e) {
            postgresFailures.incrementAndGet();
            if (postgresHealth.equals("UP")) {
                log.warn("Cannot read {}: {}", database, e.toString());
            }
            postgresHealth = "DOWN";
        }
        if (due(rejectionsReadAt, now) || !streamsHealth.equals("UP")) {
            readRejections(now);
        }
        if (postgresHealth.equals("UP") && due(reconciliationReadAt, now)) {
            readReconciliation(now);
        }
        offer(new Snapshot(0, figures, lastChanged, currentMonth().toString(), now.toString(),
                new Snapshot.Sources(postgresHealth, streamsHealth), rejections, reconciliation));
    }

    private boolean due(Instant readAt, Instant now) {
        return Duration.between(readAt, now).compareTo(rejectionsInterval) >= 0;
    }

    /**
     * A table reconcile has not created yet is no error (the board says "not reconciled"); any
     * other failure, e.g. a role without SELECT on it, is logged once and keeps what was read
     * last, without taking the figures down with it.
     */
    private void readReconciliation(Instant now) {
        reconciliationReadAt = now;
        try {
            reconciliation = database.lastReconciliation().orElse(null);
            if (!reconciliationReadable) {
                log.info("{} shows the last reconciliation again", database);
            }
            reconciliationReadable = true;
        } catch (SQLException | RuntimeException e) {
            if (reconciliationReadable && !timer.isShutdown()) { // closing interrupts a read: no news
                log.warn("Cannot read the last reconciliation from {}: {}", database, e.toString());
            }
            reconciliationReadable = false;
        }
    }

    private void readRejections(Instant now) {
        try {
            rejections = view(streams.rejections());
            rejectionsReadAt = now;
            streamsHealth = "UP";
        } catch (IOException | RuntimeException e) {
            streamsFailures.incrementAndGet();
            if (streamsHealth.equals("UP")) {
                log.warn("Cannot read the streams app's rejections: {}", e.toString());
            }
            streamsHealth = "DOWN";
        }
    }

    /** The reasons with a count, most frequent first. */
    private static Snapshot.Rejections view(RejectionCounts counts) {
        List<Snapshot.ReasonCount> reasons = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Long> e : counts.byReason().entrySet()) {
            if (e.getValue() > 0) {
                reasons.add(new Snapshot.ReasonCount(e.getKey(), e.getValue()));
                total += e.getValue();
            }
        }
        reasons.sort(Comparator.comparingLong(Snapshot.ReasonCount::count).reversed()
                .thenComparing(Snapshot.ReasonCount::reason));
        return new Snapshot.Rejections(total, List.copyOf(reasons), counts.waitingForReference());
    }

    private void offer(Snapshot next) {
        Snapshot previous = latest;
        if (next.sameAs(previous)) {
            return;
        }
        long version = previous == null ? 1 : previous.version() + 1;
        Snapshot published = next.withVersion(version, clock.instant().toString());
        latest = published;
        for (Consumer<Snapshot> listener : listeners) {
            try {
                listener.accept(published);
            } catch (RuntimeException e) {
                log.warn("A snapshot listener failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listeners.clear();
    }
}
