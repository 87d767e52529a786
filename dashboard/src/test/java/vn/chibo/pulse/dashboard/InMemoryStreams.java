package vn.chibo.pulse.dashboard;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** The streams app's refused events held in memory; it can be made unreachable, as the app is while it restarts. */
final class InMemoryStreams implements StreamsState {

    private final Map<String, Long> rejections = new TreeMap<>();
    private long waiting;
    private boolean down;

    synchronized InMemoryStreams rejected(String reason, long count) {
        rejections.put(reason, count);
        return this;
    }

    synchronized InMemoryStreams waiting(long events) {
        waiting = events;
        return this;
    }

    synchronized void down(boolean isDown) {
        down = isDown;
    }

    @Override
    public synchronized RejectionCounts rejections() throws IOException {
        if (down) {
            throw new IOException("connection refused (test)");
        }
        return new RejectionCounts(rejections, waiting);
    }
}
