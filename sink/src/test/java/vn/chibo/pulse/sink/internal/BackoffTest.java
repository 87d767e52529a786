package vn.chibo.pulse.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsDoubleUpToTheCapAndStartOverAfterASuccess() {
        Backoff backoff = new Backoff(100, 1_000);
        long[] ceilings = new long[6];
        for (int i = 0; i < ceilings.length; i++) {
            ceilings[i] = backoff.ceilingMs();
            long delay = backoff.nextDelayMs();
            assertThat(delay).isBetween(ceilings[i] / 2, ceilings[i]);
        }
        assertThat(ceilings).containsExactly(100, 200, 400, 800, 1_000, 1_000);
        backoff.reset();
        assertThat(backoff.ceilingMs()).isEqualTo(100);
    }

    @Test
    void manyFailuresNeverOverflowTheCap() {
        Backoff backoff = new Backoff(1, Long.MAX_VALUE / 2);
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.nextDelayMs()).isPositive();
        }
        assertThat(backoff.ceilingMs()).isEqualTo(Long.MAX_VALUE / 2);
    }
}
