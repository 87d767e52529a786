package vn.chibo.pulse.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import vn.chibo.pulse.aggregates.BranchCurrent;
import vn.chibo.pulse.aggregates.BranchMonthly;
import vn.chibo.pulse.aggregates.BranchName;
import vn.chibo.pulse.aggregates.BranchTransfers;
import vn.chibo.pulse.aggregates.BranchYearly;
import vn.chibo.pulse.aggregates.CommuneName;
import vn.chibo.pulse.aggregates.DistrictName;

/**
 * The evolution policy is BACKWARD: the next version of every schema must read data written
 * with the current one. Each schema has a plausible next version in src/test/resources/avro-next
 * (added fields with defaults, a new event type, a new enum symbol); this test checks it with
 * Avro's own SchemaCompatibility and by decoding real records written with the current schema.
 * The event schemas of SPEC v1 are kept in src/test/resources/avro-v1: the current ones must
 * read what was written with them, since the topics still hold such records.
 */
class SchemaEvolutionTest {
    static final LocalDate D = LocalDate.of(2025, 3, 8);

    /** Events that SPEC v1 could express too, so that they can be written with the v1 schemas. */
    static Stream<Arguments> eventsOfVersionOne() {
        return Stream.of(
                Arguments.of(ReferenceEvent.getClassSchema(), List.of(
                        new ReferenceEvent("e1", new District("D01", "Huyện Đức Thọ")),
                        new ReferenceEvent("e2", new Commune("C001", "Xã Tùng Ảnh", "D01")),
                        new ReferenceEvent("e3", new Branch("B0001", "Chi bộ thôn Yên Hòa", "C001", BranchKind.STREET_GROUP)))),
                Arguments.of(MemberEvent.getClassSchema(), List.of(
                        new MemberEvent("e4", new MemberRegistered("M1", "B1", MemberStatus.OFFICIAL, D)),
                        new MemberEvent("e5", new MemberAdmitted("M2", "B1", D)),
                        new MemberEvent("e6", new MemberConfirmed("M2", D)),
                        new MemberEvent("e7", new MemberTransferred("M1", "B1", null, null, D)),
                        new MemberEvent("e8", new MemberTransferred("M3", null, "B2", MemberStatus.PROBATIONARY, D)),
                        new MemberEvent("e9", new MemberLeft("M1", LeaveReason.EXPELLED, D)),
                        new MemberEvent("e10", new MemberClassified("M2", 2024, Grade.NOT_COMPLETED)))),
                Arguments.of(MeetingEvent.getClassSchema(), List.of(
                        new MeetingEvent("e11", new MeetingRecorded("MT1", "B1", D, MeetingKind.THEMATIC, 2, 12, 9,
                                List.of("M4", "M5"), true, false, null)),
                        new MeetingEvent("e12", new MeetingRetracted("MT1", 3)))),
                Arguments.of(RejectedEvent.getClassSchema(), List.of(
                        new RejectedEvent("e13", "UNKNOWN_BRANCH", "branch B9 unknown", "pulse.member-events", 2, 4711L, "M1",
                                ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 7, 1, 2}), "streams", Instant.parse("2025-03-08T10:00:00Z"), false),
                        new RejectedEvent(null, "UNDESERIALIZABLE", "bad magic byte", "pulse.reference", 0, 1L, null, null, "streams",
                                Instant.parse("2025-03-08T10:00:01Z"), false))));
    }

    static Stream<Arguments> currentSchemasWithSamples() {
        Stream<Arguments> events = eventsOfVersionOne().map(a -> {
            Schema schema = (Schema) a.get()[0];
            List<SpecificRecord> samples = new ArrayList<>(sampleList(a));
            samples.addAll(eventsOfVersionTwo(schema));
            return Arguments.of(schema, samples);
        });
        Stream<Arguments> aggregates = Stream.of(
                Arguments.of(BranchCurrent.getClassSchema(), List.of(new BranchCurrent("B0001", 42, 40, 2, 3))),
                Arguments.of(BranchMonthly.getClassSchema(), List.of(BranchMonthly.newBuilder().setBranchId("B0001")
                        .setMonth(LocalDate.of(2025, 3, 1)).setAdmissions(1).setRegularMeetings(1).setMembersExpected(40)
                        .setMembersPresent(37).setMeetingsScored(1).setQualityScoreSum(83).setMeetingsGood(1).build())),
                Arguments.of(BranchYearly.getClassSchema(), List.of(new BranchYearly("B0001", 2024, 5, 20, 14, 1, 2))),
                Arguments.of(BranchTransfers.getClassSchema(), List.of(new BranchTransfers("B0001", "B0002", LocalDate.of(2025, 3, 1), 2),
                        new BranchTransfers(null, "B0002", LocalDate.of(2025, 3, 1), 1))),
                Arguments.of(CommuneName.getClassSchema(), List.of(new CommuneName("C001", "Xã Tùng Ảnh", "D01"),
                        new CommuneName("C070", "Phường Thành Sen", null))),
                Arguments.of(BranchName.getClassSchema(), List.of(new BranchName("B0001", "Chi bộ thôn Yên Hòa", "C001", "VILLAGE"))),
                Arguments.of(DistrictName.getClassSchema(), List.of(new DistrictName("D01", "Huyện Đức Thọ"))));
        return Stream.concat(events, aggregates);
    }

    /** What only SPEC v2 can say: a commune under the province, exemptions, a scored meeting, a truncated dead letter. */
    private static List<SpecificRecord> eventsOfVersionTwo(Schema envelope) {
        if (envelope.equals(ReferenceEvent.getClassSchema())) {
            return List.of(new ReferenceEvent("v2-1", new Commune("C070", "Phường Thành Sen", null)));
        } else if (envelope.equals(MemberEvent.getClassSchema())) {
            return List.of(new MemberEvent("v2-2", new MemberExempted("M1", D)), new MemberEvent("v2-3", new MemberExemptionEnded("M1", D)));
        } else if (envelope.equals(MeetingEvent.getClassSchema())) {
            return List.of(new MeetingEvent("v2-4", new MeetingRecorded("MT2", "B1", D, MeetingKind.REGULAR, 1, 12, 12, List.of(), false,
                    true, 78)));
        } else if (envelope.equals(RejectedEvent.getClassSchema())) {
            return List.of(new RejectedEvent("v2-5", "ID_TOO_LONG", "eventId too long", "pulse.member-events", 1, 9L, "M1",
                    ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 7}), "streams", Instant.parse("2025-03-08T10:00:02Z"), true));
        }
        return List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<SpecificRecord> sampleList(Arguments arguments) {
        return (List<SpecificRecord>) arguments.get()[1];
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventsOfVersionOne")
    void currentEventSchemaReadsDataWrittenWithVersionOne(Schema current, List<SpecificRecord> samples) {
        Schema v1 = load("avro-v1/" + current.getName() + ".avsc");
        SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(current, v1);
        assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        for (SpecificRecord sample : samples) {
            byte[] bytes = write(sample, v1);
            assertThat(readSpecific(bytes, v1, current)).as("%s written with v1", sample).isEqualTo(sample);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemasWithSamples")
    void nextVersionIsBackwardCompatible(Schema current, List<SpecificRecord> samples) {
        Schema next = load("avro-next/" + current.getName() + ".avsc");
        assertThat(next.getFullName()).isEqualTo(current.getFullName());
        assertThat(next).isNotEqualTo(current);

        SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(next, current);
        assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemasWithSamples")
    void nextVersionDecodesDataWrittenWithTheCurrentOne(Schema current, List<SpecificRecord> samples) {
        Schema next = load("avro-next/" + current.getName() + ".avsc");
        for (SpecificRecord sample : samples) {
            byte[] bytes = write(sample);
            GenericRecord asWritten = read(bytes, current, current);
            GenericRecord asReadByNext = read(bytes, current, next);
            assertSameDataPlusDefaults(asWritten, asReadByNext, current.getName());
        }
    }

    @Test
    void everyContractHasANextVersion() {
        assertThat(currentSchemasWithSamples().map(a -> ((Schema) a.get()[0]).getName())).containsExactlyInAnyOrder(
                "ReferenceEvent", "MemberEvent", "MeetingEvent", "RejectedEvent", "BranchCurrent", "BranchMonthly", "BranchYearly",
                "BranchTransfers", "CommuneName", "BranchName", "DistrictName");
    }

    @Test
    void aFieldAddedWithoutDefaultIsCaughtAsIncompatible() {
        Schema current = MeetingEvent.getClassSchema();
        Schema broken = load("avro-incompatible/MeetingEvent.avsc");

        SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(broken, current);
        assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(result.getResult().getIncompatibilities()).isNotEmpty();

        byte[] bytes = write(new MeetingEvent("e", new MeetingRecorded("MT1", "B1", LocalDate.of(2025, 1, 1), MeetingKind.REGULAR,
                1, 5, 5, List.of(), false, false, null)));
        assertThatThrownBy(() -> read(bytes, current, broken)).isInstanceOf(AvroTypeException.class).hasMessageContaining("location");
    }

    /** Every field the writer had comes through unchanged; every field only the reader has holds its default. */
    private static void assertSameDataPlusDefaults(GenericRecord written, GenericRecord read, String path) {
        for (Schema.Field readerField : read.getSchema().getFields()) {
            String fieldPath = path + "." + readerField.name();
            Schema.Field writerField = written.getSchema().getField(readerField.name());
            Object readValue = read.get(readerField.name());
            if (writerField == null) {
                assertThat(readValue).as(fieldPath + " (added)").isEqualTo(GenericData.get().getDefaultValue(readerField));
            } else {
                assertSameValue(written.get(writerField.name()), readValue, fieldPath);
            }
        }
        assertThat(read.getSchema().getName()).isEqualTo(written.getSchema().getName());
    }

    private static void assertSameValue(Object written, Object read, String path) {
        if (written instanceof GenericRecord w) {
            assertThat(read).as(path).isInstanceOf(GenericRecord.class);
            assertSameDataPlusDefaults(w, (GenericRecord) read, path);
        } else if (written instanceof List<?> w) {
            List<?> r = (List<?>) read;
            assertThat(r).as(path).hasSameSizeAs(w);
            for (int i = 0; i < w.size(); i++) {
                assertSameValue(w.get(i), r.get(i), path + "[" + i + "]");
            }
        } else if (written instanceof GenericData.EnumSymbol || written instanceof CharSequence) {
            assertThat(String.valueOf(read)).as(path).isEqualTo(written.toString());
        } else {
            assertThat(read).as(path).isEqualTo(written);
        }
    }

    private static byte[] write(SpecificRecord record) {
        return write(record, record.getSchema());
    }

    /** The record's data as a writer with {@code schema} encodes it (fields by name, as Avro resolves them). */
    private static byte[] write(SpecificRecord record, Schema schema) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(schema).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GenericRecord read(byte[] bytes, Schema writer, Schema reader) {
        try {
            return new GenericDatumReader<GenericRecord>(writer, reader).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SpecificRecord readSpecific(byte[] bytes, Schema writer, Schema reader) {
        try {
            return new SpecificDatumReader<SpecificRecord>(writer, reader).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema load(String resource) {
        try (InputStream in = SchemaEvolutionTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
