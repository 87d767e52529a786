package vn.chibo.pulse.registry.serde;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import vn.chibo.pulse.registry.client.MockSchemaRegistry;
import vn.chibo.pulse.registry.testdata.MemberCard;

/**
 * Prints how many records per second one thread serializes and deserializes once the schema is
 * cached (the state of a running Kafka Streams app). Not a test: run it with
 * {@code mvn -q -pl registry exec:java -Dexec.classpathScope=test -Dexec.mainClass=vn.chibo.pulse.registry.serde.SerdeThroughput}.
 */
public final class SerdeThroughput {

    private SerdeThroughput() {
    }

    public static void main(String[] args) {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        Map<String, Object> config = Map.of("schema.registry.url", "mock://throughput", "specific.avro.reader", true);
        try (SpecificAvroSerde<MemberCard> serde = new SpecificAvroSerde<>()) {
            serde.configure(config, false);
            MemberCard[] cards = new MemberCard[1024];
            for (int i = 0; i < cards.length; i++) {
                cards[i] = new MemberCard("member-" + i, "branch-" + (i % 97), i % 3 == 0 ? "PROBATIONARY" : "OFFICIAL");
            }
            byte[][] encoded = new byte[cards.length][];
            for (int round = 0; round < 3; round++) { // the last round is the one reported
                long bytes = 0;
                long start = System.nanoTime();
                for (int i = 0; i < records; i++) {
                    byte[] b = serde.serializer().serialize("pulse.cards", cards[i & 1023]);
                    encoded[i & 1023] = b;
                    bytes += b.length;
                }
                long serialized = System.nanoTime() - start;
                long checksum = 0;
                start = System.nanoTime();
                for (int i = 0; i < records; i++) {
                    checksum += serde.deserializer().deserialize("pulse.cards", encoded[i & 1023]).getBranchId().length();
                }
                long deserialized = System.nanoTime() - start;
                if (round == 2) {
                    System.out.printf("records: %,d (avg %d bytes each, checksum %d)%n", records, bytes / records, checksum);
                    System.out.printf("serialize:   %,d records/s (%.0f ns each)%n", perSecond(records, serialized),
                            (double) serialized / records);
                    System.out.printf("deserialize: %,d records/s (%.0f ns each)%n", perSecond(records, deserialized),
                            (double) deserialized / records);
                }
            }
        } finally {
            MockSchemaRegistry.dropScope("throughput");
        }
    }

    private static long perSecond(int records, long nanos) {
        return records * TimeUnit.SECONDS.toNanos(1) / Math.max(1, nanos);
    }
}
