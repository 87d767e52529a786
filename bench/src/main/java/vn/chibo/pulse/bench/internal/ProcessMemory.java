package vn.chibo.pulse.bench.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Memory of processes as Linux reports it in {@code /proc}: the resident set now (VmRSS), its peak
 * over the process's life (VmHWM), and the proportional set size (PSS: shared pages divided among
 * the processes sharing them), which is the fair way to add up a server made of several processes,
 * such as PostgreSQL's postmaster and its backends sharing {@code shared_buffers}.
 */
public final class ProcessMemory {
    private static final Path PROC = Path.of("/proc");

    private ProcessMemory() {}

    /** A line {@code Name:   1234 kB} of /proc/PID/status or smaps_rollup, in bytes; empty if absent. */
    static OptionalLong kilobytesField(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + ":")) {
                String[] parts = line.substring(name.length() + 1).trim().split("\\s+");
                try {
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /** Peak resident set of a process (VmHWM) in bytes; empty if it is gone or not readable. */
    public static OptionalLong peakRss(long pid) {
        return statusField(pid, "VmHWM");
    }

    /** Resident set of a process now (VmRSS) in bytes. */
    public static OptionalLong rss(long pid) {
        return statusField(pid, "VmRSS");
    }

    /** Proportional set size of a process now, in bytes (falls back to RSS where smaps_rollup is missing). */
    public static OptionalLong pss(long pid) {
        try {
            OptionalLong pss = kilobytesField(Files.readString(PROC.resolve(pid + "/smaps_rollup"), StandardCharsets.UTF_8), "Pss");
            return pss.isPresent() ? pss : rss(pid);
        } catch (IOException | RuntimeException e) {
            return rss(pid);
        }
    }

    /** The process and all its descendants that are alive now. */
    public static List<Long> tree(long pid) {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(root -> {
            pids.add(root.pid());
            try (Stream<ProcessHandle> descendants = root.descendants()) {
                descendants.forEach(p -> pids.add(p.pid()));
            }
        });
        return pids;
    }

    /** PSS summed over a process and its descendants, in bytes. */
    public static long treePss(long pid) {
        long sum = 0;
        for (long p : tree(pid)) {
            sum += pss(p).orElse(0);
        }
        return sum;
    }

    /** Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    /**
     * CPU time a process has used (user + system), with that of its children already waited for
     * (PostgreSQL's postmaster reaps its finished backends), in seconds; 0 if it is gone.
     */
    public static double cpuSeconds(long pid) {
        try {
            return cpuTicks(Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.UTF_8)) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime + cutime + cstime of a /proc/PID/stat line. */
    static long cpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    /** CPU seconds of a process and its live descendants. */
    public static double treeCpuSeconds(long pid) {
        double sum = 0;
        for (long p : tree(pid)) {
            sum += cpuSeconds(p);
        }
        return sum;
    }

    private static OptionalLong statusField(long pid, String name) {
        try {
            return kilobytesField(Files.readString(PROC.resolve(pid + "/status"), StandardCharsets.UTF_8), name);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
