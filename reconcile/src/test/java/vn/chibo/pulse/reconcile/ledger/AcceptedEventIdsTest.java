package vn.chibo.pulse.reconcile.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class AcceptedEventIdsTest {

    @Test
    void anIdOnceAcceptedIsKnownAgainAndOnlyThatId() {
        AcceptedEventIds ids = new AcceptedEventIds();
        ids.add("e-000001");
        assertThat(ids.contains("e-000001")).isTrue();
        assertThat(ids.contains("e-000002")).isFalse();
        assertThat(ids.contains("e-00000")).isFalse();
        assertThat(ids.contains("")).isFalse();
    }

    @Test
    void twoMillionIdsShapedAsPublishersMakeThemKeepTwoMillionHashes() {
        // sequential ids differing in one character, and random UUIDs: the shapes the simulator and commune systems use
        AcceptedEventIds ids = new AcceptedEventIds();
        for (int i = 0; i < 1_000_000; i++) {
            ids.add("M" + i + "-ev-" + (i % 7));
            ids.add(new UUID(i * 0x9E3779B97F4A7C15L, i).toString());
        }
        assertThat(ids.size()).isEqualTo(2_000_000);
    }
}
