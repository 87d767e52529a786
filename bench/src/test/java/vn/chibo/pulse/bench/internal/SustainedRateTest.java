package vn.chibo.pulse.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import vn.chibo.pulse.domain.EventJson;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.ReferenceEvent;

/**
 * The search on a pipeline of known capacity: a backlog that grows by whatever is sent above 1,000
 * events/s. (A unit test of the search alone: the producer only counts what it is given.)
 */
class SustainedRateTest {
    private static final double CAPACITY = 1_000;

    @Test
    void ratesAboveWhatThePipelineKeepsUpWithAreRefusedUntilOneHolds() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        SpecificRecord event = new ReferenceEvent("d", new District("D1", "Huyện"));
        List<String> said = new ArrayList<>();
        SustainedRate.Run pipeline = new SustainedRate.Run() {
            long sentAtSettle;
            long settledAt = System.nanoTime();

            @Override
            public EventBatch load(int n) {
                EventBatch.Builder b = EventBatch.builder((t, v) -> EventJson.toJson((SpecificRecord) v).getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < n; i++) {
                    b.add(event);
                }
                return b.build();
            }

            @Override
            public long backlog() {
                double seconds = (System.nanoTime() - settledAt) / 1e9;
                return Math.max(0, Math.round(producer.history().size() - sentAtSettle - CAPACITY * seconds));
            }

            @Override
            public void settle() {
                sentAtSettle = producer.history().size();
                settledAt = System.nanoTime();
            }
        };
        SustainedRate.Result r = SustainedRate.search(1_300, Duration.ZERO, Duration.ofMillis(2_500), producer, pipeline, said::add);

        assertThat(r.steps()).extracting(SustainedRate.Step::keepsUp).containsExactly(false, false, true);
        assertThat(r.steps().get(1).targetRate()).isCloseTo(1_105, org.assertj.core.data.Offset.offset(0.1));
        assertThat(r.found()).isTrue();
        assertThat(r.eventsPerSecond()).as("the achieved rate of 1,300 × 0.85²").isBetween(880.0, 1_000.0);
        assertThat(said).hasSize(3).first().asString().contains("1,300 events/s fell behind");
    }

    @Test
    void aBacklogSwingingAtSecondsOfInputIsNotKeepingUpThoughItDoesNotGrow() {
        assertThat(SustainedRate.keepsUp(10_000, 0, 5_000)).isTrue();
        assertThat(SustainedRate.keepsUp(10_000, -50, 60_000)).as("flat at six seconds' input").isFalse();
        assertThat(SustainedRate.keepsUp(10_000, 150, 2_000)).as("small but growing").isFalse();
        assertThat(SustainedRate.lateMean(new double[] {100, 100, 7, 9})).isEqualTo(8.0);
    }
}
