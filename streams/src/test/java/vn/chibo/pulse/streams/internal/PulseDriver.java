package vn.chibo.pulse.streams.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

import vn.chibo.pulse.aggregates.BranchCurrent;
import vn.chibo.pulse.aggregates.BranchMonthly;
import vn.chibo.pulse.aggregates.BranchName;
import vn.chibo.pulse.aggregates.BranchTransfers;
import vn.chibo.pulse.aggregates.BranchYearly;
import vn.chibo.pulse.aggregates.CommuneName;
import vn.chibo.pulse.aggregates.DistrictName;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.BranchKind;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.Grade;
import vn.chibo.pulse.events.LeaveReason;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MeetingRecorded;
import vn.chibo.pulse.events.MeetingRetracted;
import vn.chibo.pulse.events.MemberAdmitted;
import vn.chibo.pulse.events.MemberClassified;
import vn.chibo.pulse.events.MemberConfirmed;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberExempted;
import vn.chibo.pulse.events.MemberExemptionEnded;
import vn.chibo.pulse.events.MemberLeft;
import vn.chibo.pulse.events.MemberRegistered;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.events.MemberTransferred;
import vn.chibo.pulse.events.ReferenceEvent;
import vn.chibo.pulse.events.RejectedEvent;
import vn.chibo.pulse.registry.serde.KafkaAvroDeserializer;
import vn.chibo.pulse.registry.serde.KafkaAvroSerializer;
import vn.chibo.pulse.streams.levels.UnitCurrent;
import vn.chibo.pulse.streams.levels.UnitMonthly;
import vn.chibo.pulse.streams.levels.UnitYearly;
import vn.chibo.pulse.streams.internal.model.MeetingState;
import vn.chibo.pulse.streams.internal.model.MemberState;

/**
 * The topology in a TopologyTestDriver with an in-memory registry, events built in one line each,
 * and the output topics folded into "latest value per key" maps.
 */
final class PulseDriver implements AutoCloseable {
    /** Record time of every input unless a test says otherwise: "today" is 2025-06-15 in Vietnam. */
    static final Instant NOW = Instant.parse("2025-06-15T03:00:00Z");

    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    private final TestInputTopic<String, byte[]> reference;
    private final TestInputTopic<String, byte[]> members;
    private final TestInputTopic<String, byte[]> meetings;
    private final TestOutputTopic<String, Object> currentOut;
    private final TestOutputTopic<String, Object> monthlyOut;
    private final TestOutputTopic<String, Object> yearlyOut;
    private final TestOutputTopic<String, Object> transfersOut;
    private final TestOutputTopic<String, Object> districtsOut;
    private final TestOutputTopic<String, Object> communesOut;
    private final TestOutputTopic<String, Object> branchesOut;
    private final TestOutputTopic<String, Object> rejectedOut;
    private final AtomicInteger ids = new AtomicInteger();
    final Duration referenceWait;

    /** The branch aggregates and the tree, as last sent on their topics. */
    final Map<String, BranchCurrent> current = new HashMap<>();
    final Map<String, BranchMonthly> monthly = new HashMap<>();
    final Map<String, BranchYearly> yearly = new HashMap<>();
    final Map<String, BranchTransfers> transfers = new HashMap<>();
    final Map<String, DistrictName> districts = new HashMap<>();
    final Map<String, CommuneName> communes = new HashMap<>();
    final Map<String, BranchName> branches = new HashMap<>();
    private final Levels levels = new Levels(communes, branches);
    final List<TestRecord<String, Object>> rejected = new ArrayList<>();
    Instant time = NOW;

    PulseDriver() {
        this(TopologySettings.DEFAULT_REFERENCE_WAIT);
    }

    /** @param referenceWait how long an event naming a branch not held yet waits for it ({@code reference.wait.ms}) */
    PulseDriver(Duration referenceWait) {
        this.referenceWait = referenceWait;
        String registryUrl = "mock://pulse-driver-" + UUID.randomUUID();
        try {
            stateDir = Files.createTempDirectory("pulse-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pulse-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(PulseTopology.buildTopology(
                TopologySettings.of(registryUrl, 3, "pulse-test").withReferenceWait(referenceWait)), props);

        Map<String, Object> serdeConfig = Map.of("schema.registry.url", registryUrl, "specific.avro.reader", true);
        serializer.configure(serdeConfig, false);
        StringSerializer keys = new StringSerializer();
        ByteArraySerializer bytes = new ByteArraySerializer();
        reference = driver.createInputTopic(Topics.REFERENCE, keys, bytes);
        members = driver.createInputTopic(Topics.MEMBER_EVENTS, keys, bytes);
        meetings = driver.createInputTopic(Topics.MEETING_EVENTS, keys, bytes);
        Deserializer<Object> values = new KafkaAvroDeserializer();
        values.configure(serdeConfig, false);
        StringDeserializer strings = new StringDeserializer();
        currentOut = driver.createOutputTopic(Topics.BRANCH_CURRENT, strings, values);
        monthlyOut = driver.createOutputTopic(Topics.BRANCH_MONTHLY, strings, values);
        yearlyOut = driver.createOutputTopic(Topics.BRANCH_YEARLY, strings, values);
        transfersOut = driver.createOutputTopic(Topics.BRANCH_TRANSFERS, strings, values);
        districtsOut = driver.createOutputTopic(Topics.DISTRICTS, strings, values);
        communesOut = driver.createOutputTopic(Topics.COMMUNES, strings, values);
        branchesOut = driver.createOutputTopic(Topics.BRANCHES, strings, values);
        rejectedOut = driver.createOutputTopic(Topics.REJECTED, strings, values);
    }

    // --- sending

    /** Sends an envelope (ReferenceEvent, MemberEvent, MeetingEvent) to its topic, keyed as publishers key it. */
    PulseDriver send(Object envelope) {
        pipeOnly(envelope);
        drain();
        return this;
    }

    private void pipeOnly(Object envelope) {
        if (envelope instanceof ReferenceEvent e) {
            pipe(reference, referenceKey(e.getPayload()), serializer.serialize(Topics.REFERENCE, e));
        } else if (envelope instanceof MemberEvent e) {
            pipe(members, memberId(e.getPayload()), serializer.serialize(Topics.MEMBER_EVENTS, e));
        } else if (envelope instanceof MeetingEvent e) {
            pipe(meetings, meetingId(e.getPayload()), serializer.serialize(Topics.MEETING_EVENTS, e));
        } else {
            throw new IllegalArgumentException(String.valueOf(envelope));
        }
    }

    /** Records the app wrote to one of its own topics (e.g. a repartition topic), as raw values. */
    List<TestRecord<String, byte[]>> internalRecords(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())
                .readRecordsToList();
    }

    /** Lets the wall clock stand still: what the processors send at intervals stays held. */
    PulseDriver sendWithoutTime(Object envelope) {
        pipeOnly(envelope);
        return this;
    }

    /**
     * Sends the envelopes within one delta interval (no wall-clock time passes between them), then lets
     * the interval end: what the processors hold is sent once.
     */
    PulseDriver sendTogether(Object... envelopes) {
        for (Object e : envelopes) {
            pipeOnly(e);
        }
        drain();
        return this;
    }

    PulseDriver sendAll(Object... envelopes) {
        for (Object e : envelopes) {
            send(e);
        }
        return this;
    }

    /** Lets wall-clock time pass (the app's punctuations run): events waiting for reference data are retried or refused. */
    PulseDriver advance(Duration wallClock) {
        driver.advanceWallClockTime(wallClock);
        drain();
        return this;
    }

    /** Lets the whole reference wait pass, and a little more. */
    PulseDriver waitOutTheReferenceWait() {
        return advance(referenceWait.plusSeconds(1));
    }

    /** Raw bytes on a source topic, e.g. something that is not Avro at all. */
    PulseDriver sendRaw(String topic, String key, byte[] value) {
        TestInputTopic<String, byte[]> in = switch (topic) {
            case Topics.REFERENCE -> reference;
            case Topics.MEMBER_EVENTS -> members;
            case Topics.MEETING_EVENTS -> meetings;
            default -> throw new IllegalArgumentException(topic);
        };
        pipe(in, key, value);
        drain();
        return this;
    }

    /** Writes straight into one of the app's own topics (e.g. a repartition topic), to stage a race. */
    <V extends org.apache.avro.specific.SpecificRecord> PulseDriver sendInternal(String topic, String key, V value, Class<V> type) {
        driver.createInputTopic(topic, new StringSerializer(), new SingleObjectAvroSerde<>(type).serializer())
                .pipeInput(new TestRecord<>(key, value, null, time));
        drain();
        return this;
    }

    byte[] serialize(String topic, Object value) {
        return serializer.serialize(topic, value);
    }

    private void pipe(TestInputTopic<String, byte[]> topic, String key, byte[] value) {
        topic.pipeInput(new TestRecord<>(key, value, null, time));
    }

    private void drain() {
        // Lets the processors send the deltas they hold (one interval), so that the aggregates are up to date.
        driver.advanceWallClockTime(TopologySettings.DEFAULT_DELTA_INTERVAL);
        currentOut.readKeyValuesToList().forEach(kv -> current.put(kv.key, (BranchCurrent) kv.value));
        monthlyOut.readKeyValuesToList().forEach(kv -> monthly.put(kv.key, (BranchMonthly) kv.value));
        yearlyOut.readKeyValuesToList().forEach(kv -> yearly.put(kv.key, (BranchYearly) kv.value));
        transfersOut.readKeyValuesToList().forEach(kv -> transfers.put(kv.key, (BranchTransfers) kv.value));
        districtsOut.readKeyValuesToList().forEach(kv -> districts.put(kv.key, (DistrictName) kv.value));
        communesOut.readKeyValuesToList().forEach(kv -> communes.put(kv.key, (CommuneName) kv.value));
        branchesOut.readKeyValuesToList().forEach(kv -> branches.put(kv.key, (BranchName) kv.value));
        rejected.addAll(rejectedOut.readRecordsToList());
    }

    // --- reading

    /**
     * Current totals of a district, added up from the branch topic in the tree as the app published it
     * (see {@link Levels}), after checking that every branch's topic value and state store agree.
     */
    UnitCurrent current(String district) {
        return current(Levels.Level.DISTRICT, district);
    }

    UnitCurrent current(Levels.Level level, String unit) {
        storesAgreeWithTopics();
        return levels.current(level, unit, current);
    }

    /** A district's month (YYYY-MM). */
    UnitMonthly month(String district, String month) {
        return month(Levels.Level.DISTRICT, district, month);
    }

    UnitMonthly month(Levels.Level level, String unit, String month) {
        storesAgreeWithTopics();
        return levels.month(level, unit, YearMonth.parse(month), monthly, transfers);
    }

    /** A district's year. */
    UnitYearly year(String district, int year) {
        return year(Levels.Level.DISTRICT, district, year);
    }

    UnitYearly year(Levels.Level level, String unit, int year) {
        storesAgreeWithTopics();
        return levels.year(level, unit, year, yearly);
    }

    /** Current totals of one branch as last sent (zeros when never sent). */
    BranchCurrent branchCurrent(String branchId) {
        return current.getOrDefault(branchId, Deltas.current(branchId));
    }

    /** Every aggregate row the topics carry is the row the app's store holds. */
    private void storesAgreeWithTopics() {
        for (Aggregate<?> aggregate : Aggregate.ALL) {
            Map<String, ?> sent = switch (aggregate.storeName()) {
                case StoreNames.BRANCH_CURRENT -> current;
                case StoreNames.BRANCH_MONTHLY -> monthly;
                case StoreNames.BRANCH_YEARLY -> yearly;
                default -> transfers;
            };
            KeyValueStore<String, Object> store = store(aggregate.storeName());
            sent.forEach((key, value) -> org.assertj.core.api.Assertions.assertThat(store.get(key))
                    .as("store %s vs topic for %s", aggregate.storeName(), key).isEqualTo(value));
        }
    }

    <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    BranchMonthly storedMonth(String branchId, String month) {
        return this.<BranchMonthly>store(StoreNames.BRANCH_MONTHLY).get(branchId + "|" + month);
    }

    /** The meetings that list a member absent without reason in a year, in the order they were applied. */
    List<String> absentAt(String memberId, int year) {
        MemberState m = member(memberId);
        return m == null ? List.of() : m.getAbsences().getOrDefault(Integer.toString(year), List.of()).stream()
                .map(vn.chibo.pulse.streams.internal.model.Absence::getMeetingId).toList();
    }

    MemberState member(String memberId) {
        return this.<MemberState>store(StoreNames.MEMBER_STATE).get(memberId);
    }

    MeetingState meeting(String meetingId) {
        return this.<MeetingState>store(StoreNames.MEETING_STATE).get(meetingId);
    }

    /** Events of a member or meeting that wait for reference data, oldest first (empty when none wait). */
    List<vn.chibo.pulse.streams.internal.model.PendingEvent> pending(String pendingStore, String key) {
        vn.chibo.pulse.streams.internal.model.PendingEvents p = this.<vn.chibo.pulse.streams.internal.model.PendingEvents>store(pendingStore).get(key);
        return p == null ? List.of() : p.getEvents();
    }

    /** Rejections counted per reason, added over the three rejecting processors' stores. */
    long rejectionCount(String reason) {
        long total = 0;
        for (String name : List.of(StoreNames.REFERENCE_REJECTIONS, StoreNames.MEMBER_REJECTIONS, StoreNames.MEETING_REJECTIONS)) {
            Long n = this.<Long>store(name).get(reason);
            total += n == null ? 0 : n;
        }
        return total;
    }

    RejectedEvent lastRejection() {
        return (RejectedEvent) rejected.get(rejected.size() - 1).value();
    }

    // --- events

    String nextId() {
        return "ev-" + ids.incrementAndGet();
    }

    ReferenceEvent district(String code, String name) {
        return new ReferenceEvent(nextId(), new District(code, name));
    }

    /** A commune under a district, or directly under the province (district null). */
    ReferenceEvent commune(String code, String district) {
        return new ReferenceEvent(nextId(), new Commune(code, "Xã " + code, district));
    }

    ReferenceEvent branch(String id, String commune, BranchKind kind) {
        return new ReferenceEvent(nextId(), new Branch(id, "Chi bộ " + id, commune, kind));
    }

    MemberEvent registered(String member, String branch, MemberStatus status, String date) {
        return new MemberEvent(nextId(), new MemberRegistered(member, branch, status, LocalDate.parse(date)));
    }

    MemberEvent admitted(String member, String branch, String date) {
        return new MemberEvent(nextId(), new MemberAdmitted(member, branch, LocalDate.parse(date)));
    }

    MemberEvent confirmed(String member, String date) {
        return new MemberEvent(nextId(), new MemberConfirmed(member, LocalDate.parse(date)));
    }

    MemberEvent transferred(String member, String from, String to, MemberStatus status, String date) {
        return new MemberEvent(nextId(), new MemberTransferred(member, from, to, status, LocalDate.parse(date)));
    }

    MemberEvent left(String member, LeaveReason reason, String date) {
        return new MemberEvent(nextId(), new MemberLeft(member, reason, LocalDate.parse(date)));
    }

    MemberEvent classified(String member, int year, Grade grade) {
        return new MemberEvent(nextId(), new MemberClassified(member, year, grade));
    }

    MeetingEvent meeting(String id, String branch, String date, MeetingKind kind, int revision, int expected, int present,
            List<String> absent, boolean superior, boolean selfCriticism) {
        return new MeetingEvent(nextId(), new MeetingRecorded(id, branch, LocalDate.parse(date), kind, revision, expected,
                present, new ArrayList<>(absent), superior, selfCriticism, null));
    }

    MemberEvent exempted(String member, String date) {
        return new MemberEvent(nextId(), new MemberExempted(member, LocalDate.parse(date)));
    }

    MemberEvent exemptionEnded(String member, String date) {
        return new MemberEvent(nextId(), new MemberExemptionEnded(member, LocalDate.parse(date)));
    }

    /** A meeting as {@link #regular} but scored. */
    MeetingEvent scored(String id, String branch, String date, MeetingKind kind, int revision, Integer score) {
        return new MeetingEvent(nextId(), new MeetingRecorded(id, branch, LocalDate.parse(date), kind, revision, 10, 8,
                new ArrayList<>(), false, true, score));
    }

    /** A REGULAR meeting of 10 expected, 8 present, no superior, with self-criticism, listing these absentees. */
    MeetingEvent regular(String id, String branch, String date, int revision, String... absent) {
        return meeting(id, branch, date, MeetingKind.REGULAR, revision, 10, 8, Arrays.asList(absent), false, true);
    }

    MeetingEvent retracted(String id, int revision) {
        return new MeetingEvent(nextId(), new MeetingRetracted(id, revision));
    }

    /**
     * A small province: districts D1, D2; communes C1 (D1), C2 (D1), C3 (D2); branches B1 (C1, VILLAGE),
     * B2 (C2, STREET_GROUP), B3 (C3, OTHER), B4 (C3, VILLAGE).
     */
    PulseDriver withProvince() {
        return sendAll(district("D1", "Huyện Đức Thọ"), district("D2", "Huyện Can Lộc"),
                commune("C1", "D1"), commune("C2", "D1"), commune("C3", "D2"),
                branch("B1", "C1", BranchKind.VILLAGE), branch("B2", "C2", BranchKind.STREET_GROUP),
                branch("B3", "C3", BranchKind.OTHER), branch("B4", "C3", BranchKind.VILLAGE));
    }

    private static String referenceKey(Object payload) {
        if (payload instanceof District d) {
            return "District:" + d.getCode();
        } else if (payload instanceof Commune c) {
            return "Commune:" + c.getCode();
        } else {
            return "Branch:" + ((Branch) payload).getId();
        }
    }

    private static String memberId(Object payload) {
        return (String) ((org.apache.avro.specific.SpecificRecord) payload).get(0);
    }

    private static String meetingId(Object payload) {
        return (String) ((org.apache.avro.specific.SpecificRecord) payload).get(0);
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
