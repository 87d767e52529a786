package vn.chibo.pulse.bench.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The results as Markdown: the table of figures with the targets met or missed, memory per
 * process, the machine, and the profiles. {@link #merge} puts one run's section into BENCHMARKS.md
 * and keeps the sections of the other scales.
 */
public final class Report {
    static final double MIN_SHARE_OF_RAW = 0.5;
    static final double MIN_TIMES_NAIVE = 10;
    static final double MAX_P99_MS = 2000;
    static final double MAX_NATIONAL_REPLAY_S = 600;
    static final long MAX_STACK_BYTES = 2L * 1024 * 1024 * 1024;

    private static final String HEADER = """
            # Benchmarks

            Every figure below is printed and written here by the benchmark command (see
            [docs/bench.md](docs/bench.md) for how each one is measured and why). Each section is one run at
            one scale; a new run replaces the section of its own scale and keeps the others. The machine is
            shared with other work, so the load average is given; the ratios, measured side by side in one
            run, hold better than the absolute figures.
            """;

    private Report() {}

    /** The Markdown section of one run. */
    public static String section(Results r) {
        StringBuilder b = new StringBuilder();
        b.append(begin(r.scale)).append('\n');
        b.append("## Scale ").append(r.scale).append(" — ").append(r.startedAt).append("\n\n");
        b.append("Command: `").append(r.command).append("` (").append(String.format(Locale.ROOT, "%.0f", r.runSeconds / 60))
                .append(" min)\n\n");
        b.append("| Measure | Result | Target | |\n|---|---|---|---|\n");
        for (String[] row : rows(r)) {
            b.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        b.append('\n');
        if (!r.failures.isEmpty()) {
            b.append("Failed phases:\n\n");
            r.failures.forEach((phase, why) -> b.append("- ").append(phase).append(": ").append(why.replace('\n', ' ')).append('\n'));
            b.append('\n');
        }
        if (!r.notRun.isEmpty()) {
            b.append("Not run:\n\n");
            r.notRun.forEach((phase, why) -> b.append("- ").append(phase).append(": ").append(why).append('\n'));
            b.append('\n');
        }
        if (r.pipelineRejections != null || r.replay != null) {
            b.append("Events the streams app refused, per reason (its `/api/rejections`): ");
            if (r.pipelineRejections != null) {
                b.append("province batch `").append(r.pipelineRejections).append("`");
            }
            if (r.replay != null) {
                b.append(r.pipelineRejections != null ? "; " : "").append("replay `").append(r.replay.rejections()).append("`");
            }
            b.append(".\n\n");
        }
        memory(b, r);
        levels(b, r);
        work(b, r);
        b.append("Machine:\n\n");
        r.machine.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
        if (r.postgres != null) {
            b.append("- PostgreSQL: ").append(r.postgres).append(r.embeddedPostgres ? ", embedded, started by the bench" : ", external")
                    .append('\n');
        }
        b.append("- Load average (1, 5, 15 min) at start: ").append(r.loadBefore).append("; at end: ").append(r.loadAfter).append('\n');
        b.append("- Date: ").append(r.startedAt).append("\n\n");
        if (r.batchEvents > 0) {
            b.append("Province: ").append(r.batchCopies > 1 ? r.batchCopies + " copies of the simulated Hà Tĩnh under their own ids, "
                    + "together " : "").append(count(r.referenceEvents)).append(" reference events, loaded first; then a batch of ")
                    .append(count(r.batchEvents)).append(" events (").append(String.format(Locale.ROOT, "%.1f", r.batchBytes / 1e6))
                    .append(" MB serialized), ").append(r.batchPeriod).append(": ").append(phases(r)).append(".\n\n");
        }
        profiles(b, r);
        b.append(end(r.scale)).append('\n');
        return b.toString();
    }

    /** Rows of the main table: measure, result, target, met/missed. */
    static List<String[]> rows(Results r) {
        List<String[]> rows = new ArrayList<>();
        if (r.sustained != null) {
            List<String> tried = new ArrayList<>();
            for (SustainedRate.Step s : r.sustained.steps()) {
                tried.add(rate(s.targetRate()) + (s.keepsUp() ? " kept up " : " fell behind ")
                        + String.format(Locale.ROOT, "(backlog %.1f s of input, %+.0f records/s)",
                                s.backlogLateMean() / s.targetRate(), s.slope()));
            }
            rows.add(row("End-to-end throughput, publish → rows in `reporting` (EOS v2): largest steady rate without the backlog "
                            + "growing",
                    (r.sustained.found() ? rate(r.sustained.eventsPerSecond()) : "none of the rates tried kept up")
                            + " (steady loads of live traffic tried: " + String.join(", ", tried) + ")", "", ""));
        }
        if (r.pipeline != null) {
            Results.Throughput t = r.pipeline;
            String result;
            if (!t.finished()) {
                result = t.unfinished().describe() + " (" + rate(t.eventsPerSecond()) + " so far)";
            } else if (t.warmedUp()) {
                result = rate(t.eventsPerSecond()) + " (" + count(t.measuredEvents()) + " events in " + secs(t.measuredSeconds())
                        + " after the first copy; the whole batch with the warm-up: " + count(t.events()) + " in "
                        + secs(t.seconds()) + ", " + rate(t.wholeEventsPerSecond()) + ")";
            } else {
                result = rate(t.eventsPerSecond()) + " (" + count(t.events()) + " events in " + secs(t.seconds()) + ")";
            }
            rows.add(row((r.sustained != null ? "Working through a backlog" : "End-to-end throughput, publish → rows in `reporting` (EOS v2)")
                    + ": the province batch" + (r.batchCopies > 1 ? " (" + r.batchCopies + " copies, the first one warming up)" : ""),
                    result, "", ""));
        }
        if (r.pipeline != null && r.pipeline.finished() && r.pipelineMembersActive >= 0) {
            rows.add(row("Check: active members in `reporting.province_current` after the batch",
                    count(r.pipelineMembersActive) + " (the simulation" + (r.batchCopies > 1 ? "s count " : " counts ")
                            + count(r.expectedMembersActive) + ")",
                    "equal", met(r.pipelineMembersActive == r.expectedMembersActive)));
        }
        if (r.raw != null) {
            rows.add(row("Raw limit: same bytes produced and consumed through the same broker, no processing",
                    rate(r.raw.eventsPerSecond()) + " (" + String.format(Locale.ROOT, "%.1f MB/s", r.raw.megabytesPerSecond()) + ")", "", ""));
        }
        if (r.pipeline != null && r.raw != null) {
            double share = pipelineRate(r) / r.raw.eventsPerSecond();
            rows.add(row("Pipeline / raw", pct(share), "≥ 50 %", met(share >= MIN_SHARE_OF_RAW)));
        }
        if (r.naive != null) {
            rows.add(row("Naive peer: one SQL statement per event (`naive.apply`), autocommit",
                    rate(r.naive.eventsPerSecond()) + " (" + count(r.naive.events()) + " events in " + secs(r.naive.seconds())
                            + (r.naive.complete() ? (r.batchCopies > 1 ? ", the whole first copy of the batch" : ", the whole batch")
                                    : ", time limit") + ")", "", ""));
        }
        if (r.pipeline != null && r.naive != null) {
            double times = pipelineRate(r) / r.naive.eventsPerSecond();
            rows.add(row("Pipeline / naive", String.format(Locale.ROOT, "%.1f×", times), "≥ 10×", met(times >= MIN_TIMES_NAIVE)));
        }
        if (r.nominal != null) {
            rows.add(freshness("Freshness at nominal load", r.nominal, true));
        }
        if (r.loaded != null) {
            rows.add(freshness("Freshness at " + pct(r.loaded.targetRate() / pipelineRate(r)) + " of the maximum",
                    r.loaded, false));
            rows.add(row("Backlog (streams + sink) at " + rate(r.loaded.targetRate()) + ", mean first half → second half; trend",
                    count(Math.round(r.loaded.backlogMeanFirstHalf())) + " → " + count(Math.round(r.loaded.backlogMeanSecondHalf()))
                            + " records; " + String.format(Locale.ROOT, "%+.0f records/s", r.loaded.backlogSlope()),
                    "not growing, under 1 s of input", met(r.loaded.keptUp())));
        }
        if (r.replay != null) {
            boolean national = r.scale.equals("national");
            Results.Unfinished u = r.replay.unfinished();
            long events = u != null ? u.total() : r.replay.events();
            String result = u == null
                    ? secs(r.replay.seconds()) + " (" + rate(r.replay.eventsPerSecond()) + "; log written in "
                            + secs(r.replay.loadSeconds()) + (r.replayMemory == null ? "" : "; peak resident of the replay stack "
                            + mib(r.replayMemory.sumOfPeaks())) + ")"
                    : u.describe() + " (" + rate(r.replay.eventsPerSecond()) + " so far)";
            // unfinished, the time is the projection (or more than the limit when there is none)
            double seconds = u == null ? r.replay.seconds() : Double.isNaN(u.projectedSeconds()) ? u.seconds() : u.projectedSeconds();
            rows.add(row("Replay: rebuild every aggregate in PostgreSQL from the event log, scale " + r.replay.scale()
                            + " (" + count(events) + " events; "
                            + (r.replay.referenceFirst() ? "reference data held first" : "started on the complete log") + ")",
                    result,
                    national ? "≤ 10 min" : "≤ 10 min at national scale",
                    national ? met(seconds <= MAX_NATIONAL_REPLAY_S) + (u == null ? "" : " (projected)") : "not this scale"));
        }
        if (r.replay != null && r.replay.finished()) {
            rows.add(row("Check: active members in `reporting.province_current` after the replay",
                    count(r.replay.membersActive()) + " (the simulation counts " + count(r.replay.expectedMembersActive()) + ")",
                    "equal", met(r.replay.membersActive() == r.replay.expectedMembersActive())));
        }
        if (r.levels != null) {
            rows.add(row("Check: active members per level after the replay (sums of `branch_current`, `commune_current`; "
                            + "`province_current`)", count(r.levels.branchMembers()) + " / " + count(r.levels.communeMembers())
                            + " / " + count(r.levels.provinceMembers()), "equal", met(r.levels.levelsAgree())));
        }
        if (r.reconcile != null) {
            rows.add(row("`./pulse reconcile` after the replay: every relation of SPEC §4 recomputed from the whole event log, "
                            + "single-threaded, and compared with PostgreSQL (a JVM of its own with the command's `--reconcile-jvm-opts`, "
                            + "by default ./pulse's; JVM start included)",
                    secs(r.reconcile.seconds()) + ", peak resident " + mib(r.reconcile.peakRssBytes()) + "; " + r.reconcile.verdict(),
                    "agrees (exit 0)", met(r.reconcile.exitStatus() == 0)));
        }
        Long stack = stackBytes(r);
        if (stack != null) {
            rows.add(row("Whole local stack, peak resident (broker + registry, streams, sink, PostgreSQL)", mib(stack)
                    + " (sum of each process's peak, the larger of the two stacks)", "< 2 GiB", met(stack < MAX_STACK_BYTES)));
        }
        return rows;
    }

    /**
     * The pipeline's throughput for the ratios and the loaded freshness run: the largest steady
     * rate it sustains when that was found, else the pace at which it worked through the batch.
     */
    public static double pipelineRate(Results r) {
        return r.sustained != null && r.sustained.found() ? r.sustained.eventsPerSecond() : r.pipeline.eventsPerSecond();
    }

    /** The larger sum of per-process peaks of the live and the replay stacks; null if neither was measured. */
    static Long stackBytes(Results r) {
        Long best = null;
        for (Results.Memory m : new Results.Memory[] {r.liveMemory, r.replayMemory}) {
            if (m != null && !m.peaks().isEmpty()) {
                best = best == null ? m.sumOfPeaks() : Math.max(best, m.sumOfPeaks());
            }
        }
        return best;
    }

    private static String[] freshness(String what, Freshness.Result f, boolean target) {
        String result = "p50 " + ms(f.latenciesMs().percentile(50)) + ", p99 " + ms(f.latenciesMs().percentile(99))
                + ", max " + ms(f.latenciesMs().max()) + " (" + f.probes() + " probes; load " + rate(f.achievedRate()) + " for "
                + secs(f.seconds()) + ")";
        return target
                ? row(what + " (" + rate(f.targetRate()) + "), publish → visible in PostgreSQL", result, "p99 ≤ 2 s",
                        met(f.latenciesMs().percentile(99) <= MAX_P99_MS))
                : row(what + " (" + rate(f.targetRate()) + "), publish → visible in PostgreSQL", result, "", "");
    }

    private static void memory(StringBuilder b, Results r) {
        if (r.liveMemory == null && r.replayMemory == null) {
            return;
        }
        b.append("Peak resident memory per process (JVMs: VmHWM; PostgreSQL: PSS of the postmaster and its children, "
                + "sampled every 0.5 s):\n\n");
        b.append("| Process | Throughput, freshness | Replay (").append(r.replay == null ? r.scale : r.replay.scale()).append(") |\n|---|---|---|\n");
        List<String> names = new ArrayList<>();
        for (Results.Memory m : new Results.Memory[] {r.liveMemory, r.replayMemory}) {
            if (m != null) {
                m.peaks().keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
            }
        }
        for (String n : names) {
            b.append("| ").append(n).append(" | ").append(peak(r.liveMemory, n)).append(" | ").append(peak(r.replayMemory, n)).append(" |\n");
        }
        b.append("| **sum of peaks** | ").append(r.liveMemory == null ? "—" : mib(r.liveMemory.sumOfPeaks()))
                .append(" | ").append(r.replayMemory == null ? "—" : mib(r.replayMemory.sumOfPeaks())).append(" |\n");
        b.append("| peak of the sum at one instant | ").append(r.liveMemory == null ? "—" : mib(r.liveMemory.peakTotalAtOnce()))
                .append(" | ").append(r.replayMemory == null ? "—" : mib(r.replayMemory.peakTotalAtOnce())).append(" |\n\n");
    }

    /** Each level read whole after the replay, and the room the branch figures take. */
    private static void levels(StringBuilder b, Results r) {
        if (r.levels == null) {
            return;
        }
        b.append("Each level read whole after the replay, once, as an analyst would (figures are kept per branch; communes, "
                + "districts and the province are views adding up the branches they hold now):\n\n| Relation | Rows | Read in |\n|---|---|---|\n");
        for (LevelReads.Read read : r.levels.reads()) {
            b.append("| `reporting.").append(read.relation()).append("` | ").append(count(read.rows())).append(" | ")
                    .append(secs(read.seconds())).append(" |\n");
        }
        b.append("\nThe branch figures and the tree (the tables the sink writes, with their indexes) take ")
                .append(mib(r.levels.tableBytes())).append(" in PostgreSQL.\n\n");
    }

    /** Where the pipeline's time went on the batch: CPU per process and what it wrote to Kafka; on the replay, CPU. */
    private static void work(StringBuilder b, Results r) {
        if (r.replay != null && r.replay.finished() && !r.replayCpuSeconds.isEmpty()) {
            cpu(b, "the pipeline rebuilt the replay's aggregates", r.replay.seconds(), r.replayCpuSeconds);
            kafkaWrites(b, r.replayKafkaWrites);
            b.append("\n\n");
        }
        if (r.pipeline != null && !r.batchCpuSeconds.isEmpty()) {
            cpu(b, "the pipeline worked through the province batch", r.pipeline.seconds(), r.batchCpuSeconds);
            kafkaWrites(b, r.kafkaWrites);
            b.append("\n\n");
        }
    }

    private static void kafkaWrites(StringBuilder b, Map<String, KafkaWrites.Volume> writes) {
        if (writes.isEmpty()) {
            return;
        }
        long all = writes.values().stream().mapToLong(KafkaWrites.Volume::records).sum();
        long events = writes.getOrDefault("events", new KafkaWrites.Volume(1, 0)).records();
        List<String> kinds = new ArrayList<>();
        writes.forEach((k, v) -> kinds.add(k + " " + count(v.records()) + " records ("
                + String.format(Locale.ROOT, "%.1f MB", v.bytes() / 1e6) + ")"));
        b.append(" Kafka then held: ").append(String.join(", ", kinds)).append(String.format(Locale.ROOT,
                " — %.1f records written per event published, where the raw limit writes one.", (double) all / Math.max(1, events)));
    }

    private static void cpu(StringBuilder b, String what, double wall, Map<String, Double> cpuSeconds) {
        int cores = Runtime.getRuntime().availableProcessors();
        double total = cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
        b.append("Where the time went while ").append(what).append(" (").append(secs(wall)).append(", ").append(cores)
                .append(" cores): CPU ");
        List<String> parts = new ArrayList<>();
        cpuSeconds.forEach((k, v) -> parts.add(k + " " + String.format(Locale.ROOT, "%.1f s", v)));
        b.append(String.join(", ", parts)).append(String.format(Locale.ROOT,
                "; together %.0f s of the %.0f core-seconds there were (%s; the rest is other work on the machine or waiting).",
                total, wall * cores, pct(total / (wall * cores))));
    }

    private static String peak(Results.Memory m, String name) {
        if (m == null || !m.peaks().containsKey(name)) {
            return "—";
        }
        return mib(m.peaks().get(name));
    }

    private static void profiles(StringBuilder b, Results r) {
        if (r.profiles.isEmpty()) {
            return;
        }
        b.append("Profiles (Java Flight Recorder, execution samples):\n\n");
        r.profiles.forEach((process, s) -> {
            b.append("- **").append(process).append("** (").append(s.samples()).append(" samples)\n");
            b.append("  - threads: ").append(entries(s.threads())).append('\n');
            b.append("  - hottest methods (self): ").append(entries(s.selfMethods())).append('\n');
            b.append("  - hottest project code: ").append(entries(s.ownCode())).append('\n');
        });
        b.append('\n');
    }

    private static String entries(List<JfrProfile.Entry> entries) {
        List<String> parts = new ArrayList<>();
        for (JfrProfile.Entry e : entries) {
            parts.add("`" + e.name() + "` " + pct(e.share()));
        }
        return String.join(", ", parts);
    }

    private static String phases(Results r) {
        List<String> parts = new ArrayList<>();
        r.batchPhases.forEach((p, n) -> parts.add(count(n) + " " + p.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        return String.join(", ", parts);
    }

    /**
     * BENCHMARKS.md with {@code section} in place of the earlier section of the same scale; the
     * sections of other scales stay, national first.
     */
    public static String merge(String existing, Results r) {
        List<String> sections = new ArrayList<>();
        if (existing != null) {
            Matcher m = Pattern.compile("(?s)<!-- bench:begin scale=([^ ]+) -->.*?<!-- bench:end scale=\\1 -->").matcher(existing);
            while (m.find()) {
                if (!m.group(1).equals(r.scale)) {
                    sections.add(m.group() + "\n");
                }
            }
        }
        sections.add(section(r));
        sections.sort((a, c) -> Boolean.compare(!a.contains("scale=national -->"), !c.contains("scale=national -->")));
        return HEADER + "\n" + String.join("\n", sections);
    }

    static String begin(String scale) {
        return "<!-- bench:begin scale=" + scale + " -->";
    }

    static String end(String scale) {
        return "<!-- bench:end scale=" + scale + " -->";
    }

    private static String[] row(String measure, String result, String target, String met) {
        return new String[] {measure, result, target, met};
    }

    static String met(boolean ok) {
        return ok ? "**met**" : "**missed**";
    }

    static String rate(double perSecond) {
        return count(Math.round(perSecond)) + " events/s";
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String secs(double s) {
        return s >= 120 ? String.format(Locale.ROOT, "%.0f s (%.1f min)", s, s / 60) : String.format(Locale.ROOT, "%.1f s", s);
    }

    /** A duration for people: "45 s", "2.5 min", "52 min", "1 h 05 min". */
    static String minutes(double s) {
        if (s < 60) {
            return String.format(Locale.ROOT, "%.0f s", s);
        }
        if (s < 600) {
            return String.format(Locale.ROOT, "%.1f min", s / 60);
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%.0f min", s / 60);
        }
        long m = Math.round(s / 60);
        return String.format(Locale.ROOT, "%d h %02d min", m / 60, m % 60);
    }

    static String ms(double ms) {
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", Math.round(bytes / (1024.0 * 1024)));
    }

    /** The main table as plain text lines for the terminal. */
    public static List<String> terminalTable(Results r) {
        List<String> lines = new ArrayList<>();
        for (String[] row : rows(r)) {
            String head = row[0].length() > 70 ? row[0].substring(0, 67) + "..." : row[0];
            String tail = row[2].isEmpty() ? "" : "   [" + row[2] + ": " + row[3].replace("*", "") + "]";
            lines.add(String.format(Locale.ROOT, "  %-70s %s%s", head, row[1], tail));
        }
        r.notRun.forEach((p, why) -> lines.add("  NOT RUN " + p + ": " + why));
        r.failures.forEach((p, why) -> lines.add("  FAILED " + p + ": " + why));
        return lines;
    }
}
