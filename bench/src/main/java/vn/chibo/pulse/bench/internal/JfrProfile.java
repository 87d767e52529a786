package vn.chibo.pulse.bench.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a process spent its CPU, from a Java Flight Recorder file: the execution samples counted by
 * their top frame (self time), by their top frame inside the project's own code (vn.chibo.pulse),
 * and by thread.
 */
public final class JfrProfile {
    public record Entry(String name, long samples, double share) {}

    public record Summary(long samples, List<Entry> selfMethods, List<Entry> ownCode, List<Entry> threads) {}

    private JfrProfile() {}

    public static Summary summarize(Path recording, int top) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> own = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long total = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                // execution samples are threads running Java code: CPU, not threads waiting in native calls
                if (!type.equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace stack = e.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                total++;
                List<RecordedFrame> frames = stack.getFrames();
                self.merge(name(frames.get(0)), 1L, Long::sum);
                for (RecordedFrame f : frames) {
                    String n = name(f);
                    if (n.startsWith("vn.chibo.pulse.")) {
                        own.merge(n, 1L, Long::sum);
                        break;
                    }
                }
                RecordedThread t = e.getThread("sampledThread");
                threads.merge(t == null ? "?" : threadGroup(t.getJavaName()), 1L, Long::sum);
            }
        }
        return new Summary(total, top(self, total, top), top(own, total, top), top(threads, total, top));
    }

    /**
     * Thread names without their numbers and client UUIDs, so that a pool counts as one; a number
     * inside a word (the application id's "v2") is part of the name.
     */
    static String threadGroup(String name) {
        if (name == null) {
            return "?";
        }
        return name.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
                .replaceAll("(?:-|\\b)\\d+\\b", "-N").replaceAll("(-N)+", "-N");
    }

    private static String name(RecordedFrame f) {
        if (f.getMethod() == null) {
            return "?";
        }
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static List<Entry> top(Map<String, Long> counts, long total, int n) {
        List<Entry> entries = new ArrayList<>();
        counts.forEach((k, v) -> entries.add(new Entry(k, v, total == 0 ? 0 : (double) v / total)));
        entries.sort((a, b) -> Long.compare(b.samples(), a.samples()));
        return entries.subList(0, Math.min(n, entries.size()));
    }
}
