package vn.chibo.pulse.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

import vn.chibo.pulse.domain.EventJson;
import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.producers.simulator.ProvinceSimulator;

class DatasetsTest {
    /** Readable bytes instead of the registry's wire format: the test needs no registry. */
    private static final Serializer<Object> JSON = (topic, value) -> EventJson.toJson((SpecificRecord) value)
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void copiesOfTheProvinceAreDisjointProvincesOfTheSameSize() {
        LocalDate today = EventRules.today();
        Datasets.Province two = Datasets.province(42, today, 2, JSON);
        assertThat(two.copies()).isEqualTo(2);
        assertThat(two.batch(1).size()).isEqualTo(two.batch(0).size());
        assertThat(two.batchEvents()).isEqualTo(2L * two.batch(0).size());
        assertThat(two.reference(0).size()).isEqualTo(two.reference(1).size()).isEqualTo(2_803);
        ProvinceSimulator alone = ProvinceSimulator.haTinh(42, two.firstDay());
        while (alone.hasNextOnOrBefore(two.lastBatchDay())) {
            alone.next();
        }
        assertThat(two.membersActiveAfterBatch()).isEqualTo(2 * alone.counts().membersActive());
        for (int i = 0; i < two.batch(1).size(); i += 997) {
            String key = new String(two.batch(1).record(i, t -> t).key(), StandardCharsets.UTF_8);
            assertThat(key).startsWith("K2-");
            assertThat(new String(two.batch(0).record(i, t -> t).key(), StandardCharsets.UTF_8)).doesNotStartWith("K2-");
        }
        EventBatch load = two.nextLoad(10);
        assertThat(load.size()).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            assertThat(new String(load.record(i, t -> t).key(), StandardCharsets.UTF_8).startsWith("K2-"))
                    .as("the copies take turns").isEqualTo(i % 2 == 1);
        }
    }
}
