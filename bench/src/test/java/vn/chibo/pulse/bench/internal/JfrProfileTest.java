package vn.chibo.pulse.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JfrProfileTest {

    @Test
    void theThreadsOfAPoolCountAsOneWhateverTheirNumbersAndClientIds() {
        assertThat(JfrProfile.threadGroup("pulse-aggregates-v2-3f2a9c1e-0b7d-4e21-9a55-12c4e6f8a0b1-StreamThread-1"))
                .isEqualTo("pulse-aggregates-v2-<id>-StreamThread-N");
        assertThat(JfrProfile.threadGroup("HttpClient-12-Worker-3")).isEqualTo(JfrProfile.threadGroup("HttpClient-2-Worker-0"));
        assertThat(JfrProfile.threadGroup("main")).isEqualTo("main");
    }
}
