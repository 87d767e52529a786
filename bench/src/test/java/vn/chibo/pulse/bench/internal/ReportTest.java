package vn.chibo.pulse.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReportTest {

    private static Results results(String scale, double pipelineRate, double rawRate, double naiveRate, double p99Ms) {
        Results r = new Results();
        r.scale = scale;
        r.command = "./pulse bench --scale " + scale;
        r.startedAt = "2026-11-24 17:00 UTC";
        r.loadBefore = "1.0 1.0 1.0";
        r.loadAfter = "2.0 2.0 2.0";
        r.pipeline = new Results.Throughput(100_000, 100_000 / pipelineRate, 1);
        r.expectedMembersActive = 42;
        r.pipelineMembersActive = 42;
        r.raw = new RawLimit.Result((long) rawRate * 10, 1_000_000, 10);
        r.naive = new NaivePeer.Result((long) naiveRate * 10, 10, 0, Map.of(), false);
        double[] latencies = new double[100];
        java.util.Arrays.fill(latencies, p99Ms);
        r.nominal = new Freshness.Result(500, 500, 60, 30_000, 100, 100, new Percentiles(latencies), new double[] {10, 10}, 0);
        Map<String, Long> peaks = new LinkedHashMap<>();
        peaks.put("broker + registry", 300L << 20);
        peaks.put("streams app", 400L << 20);
        r.liveMemory = new Results.Memory(peaks, 650L << 20);
        return r;
    }

    private static String verdict(Results r, String measure) {
        for (String[] row : Report.rows(r)) {
            if (row[0].startsWith(measure)) {
                return row[3];
            }
        }
        throw new AssertionError("no row " + measure);
    }

    @Test
    void targetsAreMetOrMissedByTheRatiosOfOneRun() {
        Results good = results("province", 60_000, 100_000, 5_000, 900);
        assertThat(verdict(good, "Pipeline / raw")).isEqualTo("**met**");
        assertThat(verdict(good, "Pipeline / naive")).isEqualTo("**met**");
        assertThat(verdict(good, "Freshness at nominal load")).isEqualTo("**met**");
        assertThat(verdict(good, "Whole local stack")).isEqualTo("**met**");
        assertThat(verdict(good, "Check: active members")).isEqualTo("**met**");

        Results bad = results("province", 5_000, 100_000, 1_000, 2_500);
        bad.pipelineMembersActive = 41;
        assertThat(verdict(bad, "Pipeline / raw")).isEqualTo("**missed**");
        assertThat(verdict(bad, "Pipeline / naive")).isEqualTo("**missed**");
        assertThat(verdict(bad, "Freshness at nominal load")).isEqualTo("**missed**");
        assertThat(verdict(bad, "Check: active members")).isEqualTo("**missed**");
    }

    @Test
    void theReplayTargetIsJudgedOnlyAtNationalScale() {
        Results province = results("province", 1, 1, 1, 1);
        province.replay = new Results.Replay("province", 250_000, 2, 100, 7, 7, "{}", true);
        assertThat(verdict(province, "Replay")).isEqualTo("not this scale");
        Results national = results("national", 1, 1, 1, 1);
        national.replay = new Results.Replay("national", 12_000_000, 60, 601, 7, 7, "{}", true);
        assertThat(verdict(national, "Replay")).isEqualTo("**missed**");
    }

    @Test
    void aNewRunReplacesTheSectionOfItsScaleAndKeepsTheOthers() {
        String first = Report.merge(null, results("national", 1_000, 2_000, 100, 10));
        String second = Report.merge(first, results("province", 3_000, 4_000, 100, 10));
        String third = Report.merge(second, results("province", 5_000, 6_000, 100, 10));
        assertThat(third).startsWith("# Benchmarks");
        assertThat(third.split("bench:begin scale=province", -1)).hasSize(2);
        assertThat(third.split("bench:begin scale=national", -1)).hasSize(2);
        assertThat(third).contains("5,000 events/s").doesNotContain("3,000 events/s").contains("1,000 events/s");
        assertThat(third.indexOf("scale=national")).isLessThan(third.indexOf("scale=province"));
    }

    @Test
    void theSectionNamesTheMachineTheCommandAndTheMemoryOfEachProcess() {
        Results r = results("province", 1_000, 2_000, 100, 10);
        r.machine.put("CPU", "Some CPU, 2 cores");
        r.postgres = "PostgreSQL 17";
        String md = Report.section(r);
        assertThat(md).contains("`./pulse bench --scale province`", "- CPU: Some CPU, 2 cores", "PostgreSQL 17",
                "| streams app | 400 MiB |", "| **sum of peaks** | 700 MiB |", "Load average");
        List<String> terminal = Report.terminalTable(r);
        assertThat(terminal).anyMatch(l -> l.contains("Pipeline / raw") && l.contains("50 %"));
    }

    private static String result(Results r, String measure) {
        for (String[] row : Report.rows(r)) {
            if (row[0].startsWith(measure)) {
                return row[1];
            }
        }
        throw new AssertionError("no row " + measure);
    }

    @Test
    void aReplayStoppedByTheTimeLimitSaysHowFarItGotAndWhenItWouldHaveEnded() {
        Results r = results("national", 1, 1, 1, 1);
        r.replay = new Results.Replay("national", 5_000_000, 60, 600, -1, 5_600_000, "{}", false,
                Results.Unfinished.of(600, 600, 3_000_000, 12_000_000, 0, 0));
        assertThat(result(r, "Replay")).startsWith("did not finish in 10 min: 3,000,000 of 12,000,000 events, projected 40 min")
                .contains("5,000 events/s so far");
        assertThat(verdict(r, "Replay")).isEqualTo("**missed** (projected)");
        assertThat(Report.rows(r)).noneMatch(row -> row[0].contains("after the replay"));

        Results nearly = results("national", 1, 1, 1, 1);
        nearly.replay = new Results.Replay("national", 12_000_000, 60, 300, -1, 5_600_000, "{}", false,
                Results.Unfinished.of(300, 300, 6_000_000, 12_000_000, 0, 0));
        assertThat(verdict(nearly, "Replay")).as("projected 10 min: the target, were it not cut short").isEqualTo("**met** (projected)");
    }

    @Test
    void aBatchStoppedByTheTimeLimitGivesItsPaceSoFarAndSaysWhyFreshnessDidNotRun() {
        Results r = results("province", 1, 1, 1, 1);
        r.pipeline = new Results.Throughput(250_000, 120, 1, Results.Unfinished.of(120, 120, 60_000, 250_000, 0, 0),
                250_000, 120);
        r.notRun.put("freshness", "the batch did not finish");
        assertThat(result(r, "End-to-end throughput")).startsWith("did not finish in 2.0 min: 60,000 of 250,000 events, "
                + "projected 8.3 min").contains("500 events/s so far");
        assertThat(Report.rows(r)).noneMatch(row -> row[0].contains("after the batch"));
        assertThat(Report.section(r)).contains("Not run:", "- freshness: the batch did not finish");
        assertThat(Report.terminalTable(r)).anyMatch(l -> l.contains("NOT RUN freshness"));
    }

    @Test
    void recordsPilingUpInTheAppsOwnTopicsLengthenTheProjection() {
        Results.Unfinished even = Results.Unfinished.of(300, 300, 6_000_000, 12_000_000, 4_000_000, 0);
        assertThat(even.projectedSeconds()).as("its own topics keep up: twice the time for twice the events").isEqualTo(600.0);
        Results.Unfinished behind = Results.Unfinished.of(300, 300, 6_000_000, 12_000_000, 1_000_000, 3_000_000);
        // 12 M events and 8 M own records to read (4 M per 6 M events), 7 M read in 300 s
        assertThat(behind.projectedSeconds()).isCloseTo(300.0 * 20 / 7, org.assertj.core.data.Offset.offset(0.001));
        assertThat(behind.describe()).isEqualTo("did not finish in 5.0 min: 6,000,000 of 12,000,000 events "
                + "(and 3,000,000 records of the app's own topics to read), projected 14 min");
        assertThat(Results.Unfinished.of(300, 300, 0, 12_000_000, 0, 0).describe()).endsWith("projected unknown (nothing done)");
    }

    @Test
    void theThroughputIsThePaceAfterTheWarmUpCopyAndTheWholeBatchIsGivenBeside() {
        Results r = results("province", 1, 1, 1, 1);
        r.batchCopies = 8;
        r.pipeline = new Results.Throughput(2_000_000, 100, 8, null, 1_750_000, 70);
        assertThat(r.pipeline.eventsPerSecond()).isEqualTo(25_000.0);
        assertThat(result(r, "End-to-end throughput")).isEqualTo("25,000 events/s (1,750,000 events in 70.0 s after the first "
                + "copy; the whole batch with the warm-up: 2,000,000 in 100.0 s, 20,000 events/s)");
        r.raw = new RawLimit.Result(500_000, 1, 10);
        assertThat(result(r, "Pipeline / raw")).as("the ratios take the warm pace").isEqualTo("50 %");
        assertThat(result(results("province", 10_000, 1, 1, 1), "End-to-end throughput")).doesNotContain("warm");
    }

    @Test
    void theLargestSteadyRateHeldIsThePipelinesThroughputAndTheRatesTriedAreShown() {
        Results r = results("province", 50_000, 100_000, 2_000, 1);
        r.sustained = new SustainedRate.Result(30_000, List.of(
                new SustainedRate.Step(50_000, 50_000, 20, 0, 90_000, 4_500, 60_000),
                new SustainedRate.Step(42_500, 42_000, 20, 0, 30_000, 0, 85_000),
                new SustainedRate.Step(36_125, 30_000, 20, 0, 100, -3, 3_000)));
        assertThat(result(r, "End-to-end throughput")).startsWith("30,000 events/s (steady loads of live traffic tried: "
                + "50,000 events/s fell behind (backlog 1.2 s of input, +4500 records/s), 42,500 events/s fell behind (backlog 2.0 s of "
                + "input, +0 records/s), 36,125 events/s kept up (backlog 0.1 s of input, -3 records/s))");
        assertThat(result(r, "Working through a backlog")).startsWith("50,000 events/s");
        assertThat(result(r, "Pipeline / raw")).isEqualTo("30 %");
        assertThat(result(r, "Pipeline / naive")).isEqualTo("15.0×");
    }

    @Test
    void theLevelsReadAfterTheReplayAreListedAndTheirMembersMustAgree() {
        Results r = results("national", 60_000, 100_000, 5_000, 900);
        r.replay = new Results.Replay("national", 1_000, 1, 10, 42, 42, "{}", false);
        r.replayMemory = new Results.Memory(Map.of("streams app", 900L << 20), 900L << 20);
        r.levels = new LevelReads.Result(List.of(new LevelReads.Read("province_current", 1, 0.25),
                new LevelReads.Read("branch_monthly", 720_000, 3.5)), 42, 42, 42, 150L << 20);
        assertThat(verdict(r, "Check: active members per level")).isEqualTo("**met**");
        assertThat(Report.rows(r)).anySatisfy(row -> assertThat(row[1]).contains("peak resident of the replay stack 900 MiB"));
        assertThat(Report.section(r)).contains("| `reporting.branch_monthly` | 720,000 | 3.5 s |").contains("take 150 MiB");

        r.levels = new LevelReads.Result(r.levels.reads(), 42, 41, 42, 0);
        assertThat(verdict(r, "Check: active members per level")).isEqualTo("**missed**");
    }
}
