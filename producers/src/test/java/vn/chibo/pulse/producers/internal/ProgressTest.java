package vn.chibo.pulse.producers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProgressTest {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void lineModePrintsPlainLinesWithCountsAndRate() {
        Progress p = new Progress(Progress.Mode.LINES, err, 1000, "lines", 0);
        p.update(12_345, 12_000, 45, 500);
        assertThat(printed()).matches("progress: 12,345 lines read, 12,000 sent, 45 rejected, [0-9,]+ events/s\\R");
        p.finish();
        assertThat(printed().lines().count()).isEqualTo(1);
    }

    @Test
    void barModeRedrawsOneLineWithThePercentageOfTheFile() {
        Progress p = new Progress(Progress.Mode.BAR, err, 1000, "lines", 0);
        p.update(10, 10, 0, 500);
        p.update(20, 20, 0, 1000);
        String s = printed();
        assertThat(s).startsWith("\r[############            ]  50% 10 lines read, 10 sent, 0 rejected");
        assertThat(s).contains("\r[########################] 100% 20 lines read, 20 sent, 0 rejected");
        assertThat(s).doesNotContain("\n");
        p.clear();
        assertThat(printed()).endsWith("\r\u001B[K");
        p.finish();
        assertThat(printed()).doesNotContain("\n"); // cleared: nothing left to end
    }

    @Test
    void barWithoutKnownSizeShowsCountsOnly() {
        Progress p = new Progress(Progress.Mode.BAR, err, -1, "rows", 0);
        p.update(3, 2, 1, 100);
        assertThat(printed()).startsWith("\r3 rows read, 2 sent, 1 rejected");
        p.finish();
        assertThat(printed()).endsWith("\n");
    }

    @Test
    void updatesWithinTheIntervalPrintNothing() {
        Progress p = new Progress(Progress.Mode.LINES, err, -1, "lines");
        p.update(1, 1, 0, 10);
        p.update(2, 2, 0, 20);
        assertThat(printed()).isEmpty();
    }

    @Test
    void quietPrintsNothing() {
        Progress p = new Progress(Progress.Mode.NONE, err, 10, "lines", 0);
        p.update(1, 1, 0, 10);
        p.finish();
        assertThat(printed()).isEmpty();
    }
}
