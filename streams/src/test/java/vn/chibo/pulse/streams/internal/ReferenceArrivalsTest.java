package vn.chibo.pulse.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReferenceArrivalsTest {
    @Test
    void aRoundSeesExactlyTheRecordsThatArrivedSinceTheLastOne() {
        ReferenceArrivals arrivals = new ReferenceArrivals();
        arrivals.arrived("Branch:B1", 10);
        long seen = arrivals.version();
        arrivals.arrived("Commune:C1", 11);
        arrivals.arrived("Branch:B2", 12);

        assertThat(arrivals.arrivedBetween(seen, arrivals.version())).containsExactly("Commune:C1", "Branch:B2");
        assertThat(arrivals.arrivedBetween(arrivals.version(), arrivals.version())).isEmpty();
        assertThat(arrivals.lastArrivalMs()).isEqualTo(12);
    }

    @Test
    void referenceDataHeldAtStartCountsAsAnArrivalOnlyBeforeAnyOther() {
        ReferenceArrivals arrivals = new ReferenceArrivals();
        assertThat(arrivals.lastArrivalMs()).as("nothing arrived, nothing held").isEqualTo(Long.MIN_VALUE);
        arrivals.held(5);
        assertThat(arrivals.lastArrivalMs()).isEqualTo(5);
        assertThat(arrivals.version()).as("held data names no key to retry").isZero();

        ReferenceArrivals later = new ReferenceArrivals();
        later.arrived("Branch:B1", 20);
        later.held(7);
        assertThat(later.lastArrivalMs()).as("an arrival is newer than what was held at start").isEqualTo(20);
    }

    @Test
    void aRoundTooFarBehindOrTheFirstOneLooksAtEverything() {
        ReferenceArrivals arrivals = new ReferenceArrivals();
        arrivals.arrived("Branch:B0", 1);
        long seen = arrivals.version();
        for (int i = 1; i <= 70_000; i++) {
            arrivals.arrived("Branch:B" + i, 1);
        }
        assertThat(arrivals.arrivedBetween(seen, arrivals.version())).as("no longer all remembered").isNull();
        assertThat(arrivals.arrivedBetween(-1, arrivals.version())).as("a task's first round").isNull();
        assertThat(arrivals.arrivedBetween(arrivals.version() - 3, arrivals.version()))
                .containsExactly("Branch:B69998", "Branch:B69999", "Branch:B70000");
    }
}
