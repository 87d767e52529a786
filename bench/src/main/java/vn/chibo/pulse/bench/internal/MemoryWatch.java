package vn.chibo.pulse.bench.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Samples the memory of the stack's processes twice a second: each JVM's resident set, and
 * PostgreSQL's processes together by PSS (its backends share {@code shared_buffers}; adding their
 * RSS would count those pages many times). Keeps each one's peak and the peak of the sum at one
 * instant, which can be lower than the sum of the peaks.
 */
public final class MemoryWatch implements AutoCloseable {
    private record Tracked(long pid, boolean tree) {}

    private final Map<String, Tracked> tracked = new LinkedHashMap<>();
    private final Map<String, Long> peaks = new LinkedHashMap<>();
    private long peakTotal;
    private final Thread sampler;
    private volatile boolean closed;

    public MemoryWatch() {
        sampler = new Thread(this::loop, "bench-memory-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Watches a process alone (RSS), or with {@code tree} a process and its children (PSS). */
    public synchronized void track(String name, long pid, boolean tree) {
        tracked.put(name, new Tracked(pid, tree));
        sample();
    }

    public synchronized void untrack(String name) {
        sample();
        tracked.remove(name);
    }

    /** Forgets the peaks seen so far (a new phase starts). */
    public synchronized void reset() {
        peaks.clear();
        peakTotal = 0;
        sample();
    }

    public synchronized Map<String, Long> peaks() {
        sample();
        return new LinkedHashMap<>(peaks);
    }

    public synchronized long peakTotal() {
        sample();
        return peakTotal;
    }

    private synchronized void sample() {
        long total = 0;
        for (Map.Entry<String, Tracked> e : tracked.entrySet()) {
            Tracked t = e.getValue();
            long bytes = t.tree() ? ProcessMemory.treePss(t.pid()) : ProcessMemory.rss(t.pid()).orElse(0);
            peaks.merge(e.getKey(), bytes, Math::max);
            total += bytes;
        }
        peakTotal = Math.max(peakTotal, total);
    }

    private void loop() {
        while (!closed) {
            sample();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        sampler.interrupt();
    }
}
