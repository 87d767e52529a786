package vn.chibo.pulse.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProgressTest {
    private static final long S = 1_000_000_000L;

    @Test
    void aLineSaysHowFarOfHowManyAtWhatPaceAndWhatIsLeft() {
        String line = Progress.line("replay", 1_000, 4_000, 10, 120, "left: 7 records for the sink");
        assertThat(line).isEqualTo("replay: 1,000 of 4,000 events (25 %) in 10 s; 120 events/s now, 100 on average; "
                + "about 30 s left; left: 7 records for the sink");
    }

    @Test
    void withoutATotalOrProgressThereIsNoTimeLeftToSay() {
        assertThat(Progress.line("naive peer", 500, 0, 10, 50, null)).isEqualTo("naive peer: 500 events in 10 s; "
                + "50 events/s now, 50 on average");
        assertThat(Progress.line("replay", 0, 4_000, 10, 0, null)).endsWith("; no progress yet");
        assertThat(Progress.line("replay", 4_000, 4_000, 10, 0, null)).doesNotContain("left");
    }

    @Test
    void aLineComesEveryTenSecondsWithThePaceOfTheLastOnes() {
        List<String> said = new ArrayList<>();
        Progress progress = new Progress("phase", said::add, 0);
        progress.update(100, 10_000, null, 5 * S);
        assertThat(said).isEmpty();
        progress.update(1_000, 10_000, null, 10 * S);
        progress.update(1_500, 10_000, null, 15 * S);
        assertThat(said).containsExactly("phase: 1,000 of 10,000 events (10 %) in 10 s; 100 events/s now, 100 on average; "
                + "about 1.5 min left");
        progress.update(4_000, 10_000, null, 20 * S);
        assertThat(said).hasSize(2);
        assertThat(said.get(1)).contains("4,000 of 10,000", "300 events/s now, 200 on average", "about 30 s left");
    }
}
