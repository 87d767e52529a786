package vn.chibo.pulse.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

import vn.chibo.pulse.streams.internal.model.MemberState;

/**
 * A member's state as the app wrote it before the eventIds were bounded (schema MemberState-1, every
 * id in the state) is read after the upgrade with all its ids, and sheds the older ones at its next
 * event without forgetting them.
 */
class StateWrittenBeforeTheBoundTest {

    @Test
    void aStateOfTheEarlierSchemaIsReadWithItsIdsAndShedsThemWithoutForgettingThem() throws Exception {
        Schema earlier;
        try (InputStream in = getClass().getResourceAsStream("/vn/chibo/pulse/streams/internal/model/earlier/MemberState-1.avsc")) {
            earlier = new Schema.Parser().parse(in);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            ids.add("e-" + i);
        }
        GenericRecord old = new GenericData.Record(earlier);
        old.put("active", true);
        old.put("status", "OFFICIAL");
        old.put("branchId", "B1");
        old.put("exempt", false);
        old.put("grades", Map.of());
        old.put("absences", Map.of());
        old.put("eventIds", ids);
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), earlier).encode(old);
        byte[] stored = new byte[bytes.remaining()];
        bytes.get(stored);

        MemberState read = new SingleObjectAvroSerde<>(MemberState.class).deserializer().deserialize("member-state", stored);
        assertThat(read.getBranchId()).isEqualTo("B1");
        assertThat(read.getEventIds()).hasSize(30);
        assertThat(read.getOlderEventIds().remaining()).isZero();

        KeyValueStore<String, Long> older = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("ids"), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        older.init(new MockProcessorContext<>().getStateStoreContext(), older); // Kafka's own context for a store alone
        AcceptedEventIds accepted = new AcceptedEventIds(older);
        AcceptedEventIds.Held held = new AcceptedEventIds.Held(read.getEventIds(), read.getOlderEventIds());
        assertThat(accepted.contains("M1", held, "e-1")).isTrue();

        AcceptedEventIds.Held next = accepted.add("M1", held, "e-31", 0L);
        assertThat(next.recent()).hasSize(AcceptedEventIds.RECENT).endsWith("e-31");
        for (String id : ids) {
            assertThat(accepted.contains("M1", next, id)).as(id).isTrue();
        }
        assertThat(accepted.contains("M1", next, "e-32")).isFalse();
        assertThat(accepted.contains("M2", next, "e-1")).as("another member's id").isFalse();
    }
}
