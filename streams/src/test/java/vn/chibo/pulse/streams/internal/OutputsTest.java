package vn.chibo.pulse.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

/** A processor's mixed output split into its declared, typed outputs. */
class OutputsTest {

    private static final Output<String> WORDS = new Output<>("words", String.class);
    private static final Output<Long> NUMBERS = new Output<>("numbers", Long.class);

    @Test
    void eachRecordGoesToTheOutputOfItsTypeOnly() {
        try (TopologyTestDriver driver = driver()) {
            TestInputTopic<String, String> in = driver.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
            in.pipeInput("a", "one");
            in.pipeInput("b", "2");
            in.pipeInput("c", "three");
            assertThat(driver.createOutputTopic("words", Serdes.String().deserializer(), Serdes.String().deserializer())
                    .readValuesToList()).containsExactly("one", "three");
            assertThat(driver.createOutputTopic("numbers", Serdes.String().deserializer(), Serdes.Long().deserializer())
                    .readValuesToList()).containsExactly(2L);
        }
    }

    @Test
    void aRecordOfATypeNobodyDeclaredFailsItsTaskInsteadOfVanishing() {
        try (TopologyTestDriver driver = driver()) {
            TestInputTopic<String, String> in = driver.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
            assertThatThrownBy(() -> in.pipeInput("d", "4.5"))
                    .hasStackTraceContaining("test sent a java.lang.Double, which it does not declare");
        }
    }

    @Test
    void twoOutputsOfOneTypeCannotBeToldApart() {
        StreamsBuilder builder = new StreamsBuilder();
        assertThatThrownBy(() -> Outputs.split(builder.stream("in"), "test",
                List.of(WORDS, new Output<>("more-words", String.class))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two outputs of String");
    }

    /** A stand-in for a processor's mixed output: numbers as Long (or Double), words as String. */
    private static TopologyTestDriver driver() {
        StreamsBuilder builder = new StreamsBuilder();
        Outputs outputs = Outputs.split(builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(OutputsTest::parse), "test", List.of(WORDS, NUMBERS));
        outputs.get(WORDS).to("words", Produced.with(Serdes.String(), Serdes.String()));
        outputs.get(NUMBERS).to("numbers", Produced.with(Serdes.String(), Serdes.Long()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "outputs-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new TopologyTestDriver(builder.build(), p);
    }

    private static Object parse(String s) {
        if (s.matches("\\d+")) {
            return Long.parseLong(s);
        }
        return s.matches("[\\d.]+") ? (Object) Double.parseDouble(s) : s;
    }
}
