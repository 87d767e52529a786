package vn.chibo.pulse.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankPicksTheSmallestSampleCoveringTheShare() {
        double[] samples = new double[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = 100 - i; // 100 .. 1, unsorted on purpose
        }
        Percentiles p = new Percentiles(samples);
        assertThat(p.percentile(50)).isEqualTo(50);
        assertThat(p.percentile(99)).isEqualTo(99);
        assertThat(p.percentile(100)).isEqualTo(100);
        assertThat(p.max()).isEqualTo(100);
        assertThat(p.count()).isEqualTo(100);
    }

    @Test
    void aFewSamplesRoundTheRankUp() {
        Percentiles p = new Percentiles(new double[] {30, 10, 20});
        assertThat(p.percentile(50)).isEqualTo(20);
        assertThat(p.percentile(99)).isEqualTo(30);
        assertThat(p.percentile(1)).isEqualTo(10);
    }

    @Test
    void noSamplesGiveNaNAndAPercentileOutOfRangeIsRefused() {
        assertThat(new Percentiles(new double[0]).percentile(50)).isNaN();
        assertThatThrownBy(() -> new Percentiles(new double[] {1}).percentile(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void slopeOfAGrowingBacklogIsItsGrowthPerSecond() {
        double[] t = {0, 1, 2, 3, 4};
        assertThat(Percentiles.slope(t, new double[] {100, 150, 200, 250, 300})).isEqualTo(50.0);
        assertThat(Percentiles.slope(t, new double[] {7, 7, 7, 7, 7})).isEqualTo(0.0);
        assertThat(Percentiles.slope(new double[] {1}, new double[] {5})).isEqualTo(0.0);
    }
}
