package vn.chibo.pulse.dashboard.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.chibo.pulse.dashboard.AggregateSource;

/**
 * Watches the aggregates and keeps the latest {@link Snapshot}. It asks the source several times a
 * second when the aggregates last changed and rebuilds the snapshot only when that moves (or every
 * {@code fullRefresh}, for what the source does not time-stamp: a new month, names from
 * PostgreSQL). Listeners hear of a snapshot only when its figures differ from the one before.
 */
public final class SnapshotWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SnapshotWatcher.class);

    private final AggregateSource source;
    private final SnapshotAssembler assembler;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration fullRefresh;
    private final CopyOnWriteArrayList<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;

    private volatile Snapshot latest;
    private Optional<Instant> seenLastChanged = Optional.empty();
    private Instant lastFullRead = Instant.MIN;
    private boolean sourceDown;

    public SnapshotWatcher(AggregateSource source, SnapshotAssembler assembler, Clock clock,
                           Duration pollInterval, Duration fullRefresh) {
        this.source = source;
        this.assembler = assembler;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.fullRefresh = fullRefresh;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads a first snapshot (so the page never starts empty when the source is up) and starts polling. */
    public void start() {
        poll();
        timer.scheduleWithFixedDelay(this::poll, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The latest snapshot, or null while the source has never answered. */
    public Snapshot latest() {
        return latest;
    }

    public void addListener(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Snapshot> listener) {
        listeners.remove(listener);
    }

    /** One round of the watch; runs on the timer thread only. */
    void poll() {
        try {
            Optional<Instant> lastChanged = source.lastChanged();
            Instant now = clock.instant();
            // A source that cannot tell when it changed is read in full every round.
            boolean due = sourceDown
                    || latest == null
                    || lastChanged.isEmpty()
                    || !lastChanged.equals(seenLastChanged)
                    || Duration.between(lastFullRead, now).compareTo(fullRefresh) >= 0;
            if (!due) {
                return;
            }
            Snapshot next = assembler.assemble();
            lastFullRead = now;
            // Remember what the snapshot was built after, not what it says: a change between the two reads
            // makes the next round read again.
            seenLastChanged = lastChanged;
            if (sourceDown) {
                log.info("Streams state answers again");
            }
            sourceDown = false;
            offer(next);
        } catch (IOException | RuntimeException e) {
            if (!sourceDown) {
                log.warn("Cannot read the aggregates: {}", e.toString());
            }
            sourceDown = true;
            Snapshot last = latest;
            if (last != null && "UP".equals(last.sources().streams())) {
                offer(last.withSources(new Snapshot.Sources("DOWN", last.sources().postgres())));
            }
        }
    }

    private void offer(Snapshot next) {
        Snapshot previous = latest;
        if (next.sameFiguresAs(previous)) {
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
