package vn.chibo.pulse.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import vn.chibo.pulse.events.RejectedEvent;

class DeadLettersTest {
    private static RejectedEvent letter(String key, int valueBytes, String message) {
        byte[] value = new byte[valueBytes];
        Arrays.fill(value, (byte) 'x');
        value[0] = 'A';
        return RejectedEvent.newBuilder().setEventId("e-1").setReason("ID_TOO_LONG").setMessage(message)
                .setSourceTopic("pulse.member-events").setSourcePartition(2).setSourceOffset(4711L).setKey(key)
                .setValue(ByteBuffer.wrap(value)).setRejectedBy("streams").setRejectedAt(Instant.EPOCH).build();
    }

    @Test
    void aLetterThatFitsIsLeftWhole() {
        RejectedEvent small = letter("M1", 100, "too long");
        assertThat(DeadLetters.fit(small, 10_000)).isSameAs(small);
        assertThat(small.getTruncated()).isFalse();
    }

    @Test
    void anOversizedLetterKeepsItsReasonAndSourceAndAsMuchOfTheValueAsFits() {
        RejectedEvent big = letter("M1", 100_000, "m".repeat(50_000));
        RejectedEvent fitted = DeadLetters.fit(big, 10_000);

        assertThat(DeadLetters.size(fitted)).isLessThanOrEqualTo(10_000).isGreaterThan(9_990);
        assertThat(fitted.getTruncated()).isTrue();
        assertThat(fitted.getReason()).isEqualTo("ID_TOO_LONG");
        assertThat(fitted.getEventId()).isEqualTo("e-1");
        assertThat(fitted.getSourceTopic()).isEqualTo("pulse.member-events");
        assertThat(fitted.getSourcePartition()).isEqualTo(2);
        assertThat(fitted.getSourceOffset()).isEqualTo(4711L);
        assertThat(fitted.getKey()).isEqualTo("M1");
        assertThat(fitted.getMessage()).hasSize(DeadLetters.TRUNCATED_MESSAGE_CHARS + 1);
        byte[] kept = new byte[fitted.getValue().remaining()];
        fitted.getValue().duplicate().get(kept);
        assertThat(kept).hasSizeGreaterThan(8_000).startsWith((byte) 'A');
        assertThat(big.getValue().remaining()).as("the original is untouched").isEqualTo(100_000);
    }

    @Test
    void aKeyTooLargeForTheRoomIsCutAfterTheValueAndStaysValidText() {
        RejectedEvent hugeKey = letter("ộ".repeat(20_000), 5_000, "keyed oddly");
        RejectedEvent fitted = DeadLetters.fit(hugeKey, 10_000);

        assertThat(DeadLetters.size(fitted)).isLessThanOrEqualTo(10_000);
        assertThat(fitted.getValue().remaining()).isZero();
        assertThat(fitted.getKey()).isNotEmpty().matches("ộ+");
        assertThat(fitted.getSourceOffset()).isEqualTo(4711L);
    }

    @Test
    void aHugeEventIdIsCutAfterTheValue() {
        RejectedEvent hugeId = letter("M1", 5_000, "eventId too long");
        hugeId.setEventId("e".repeat(50_000));
        RejectedEvent fitted = DeadLetters.fit(hugeId, 10_000);

        assertThat(DeadLetters.size(fitted)).isLessThanOrEqualTo(10_000);
        assertThat(fitted.getValue().remaining()).isZero();
        assertThat(fitted.getEventId()).hasSizeGreaterThan(9_000).matches("e+");
        assertThat(fitted.getKey()).isEqualTo("M1");
    }

    @Test
    void theBudgetIsTheSmallerLimitLessTheMargin() {
        assertThat(DeadLetters.budget(1_048_576, 32_768)).isEqualTo(32_768 - DeadLetters.MARGIN_BYTES);
        assertThat(DeadLetters.budget(20_000, 1_048_588)).isEqualTo(20_000 - DeadLetters.MARGIN_BYTES);
    }
}
