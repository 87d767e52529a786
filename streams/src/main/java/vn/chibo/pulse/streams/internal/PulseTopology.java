package vn.chibo.pulse.streams.internal;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import vn.chibo.pulse.aggregates.DistrictCurrent;
import vn.chibo.pulse.aggregates.DistrictMonthlyStats;
import vn.chibo.pulse.aggregates.DistrictName;
import vn.chibo.pulse.aggregates.DistrictYearlyStats;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.RejectedEvent;
import vn.chibo.pulse.registry.serde.SpecificAvroSerde;
import vn.chibo.pulse.streams.internal.model.AbsenceChange;
import vn.chibo.pulse.streams.internal.model.BranchChange;
import vn.chibo.pulse.streams.internal.model.BranchState;
import vn.chibo.pulse.streams.internal.model.MeetingState;
import vn.chibo.pulse.streams.internal.model.MemberState;
import vn.chibo.pulse.streams.internal.model.PendingEvents;
import vn.chibo.pulse.streams.internal.model.ReferenceEntry;

/**
 * The topology of the aggregates app, as a pure factory.
 *
 * <pre>
 * pulse.reference ─► ReferenceProcessor ─┬► accepted-reference topic ─► global store reference-lookup
 *                                        ├► pulse.districts
 *                                        └► branch placements ───────────────┐
 * pulse.member-events ─┐                                                     │ (keyed by branchId)
 *   meeting-absences ──┴► MemberProcessor ─┬► member counts per branch ──────┼► BranchProcessor ─┬► current deltas
 *                                          ├► flows, grades ─────────────┐   │                   ├► distinct regular branches
 * pulse.meeting-events ─► MeetingProcessor ┼► meeting figures ───────────┤   │                   └► members at risk
 *                                          ├► regular meetings per branch ───┘
 *                                          └► absences (keyed by memberId) ─► meeting-absences
 * deltas, re-keyed by district / district|month / district|year ─► groupByKey().aggregate() ─► compacted topics
 * every processor's refusals ─► pulse.rejected
 * </pre>
 *
 * Processors forward several kinds of records; {@link #only} picks one kind by its class.
 */
public final class PulseTopology {
    private PulseTopology() {}

    public static Topology buildTopology(TopologySettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        Map<String, ?> registry = settings.registryConfig();
        int partitions = settings.partitions();
        Serde<String> strings = Serdes.String();
        // Tells the member and meeting processors that reference data arrived, so that what waits for it is retried.
        ReferenceArrivals arrivals = new ReferenceArrivals();

        Serde<ReferenceEntry> referenceEntries = new SingleObjectAvroSerde<>(ReferenceEntry.class);
        Serde<BranchChange> branchChanges = new SingleObjectAvroSerde<>(BranchChange.class);
        Serde<AbsenceChange> absenceChanges = new SingleObjectAvroSerde<>(AbsenceChange.class);
        Serde<DistrictCurrent> currentDeltas = new SingleObjectAvroSerde<>(DistrictCurrent.class);
        Serde<DistrictMonthlyStats> monthlyDeltas = new SingleObjectAvroSerde<>(DistrictMonthlyStats.class);
        Serde<DistrictYearlyStats> yearlyDeltas = new SingleObjectAvroSerde<>(DistrictYearlyStats.class);

        // The record cache is for the stores whose few keys are written again and again within a commit — the
        // aggregates, their change times, the counters, the outboxes — so that a commit writes each key once.
        // Stores of members, meetings and reference records (one key per entity, rarely written twice in a commit)
        // stay out of it: they would fill it, and a full cache evicts from the store being written to, which sends
        // every aggregate update downstream uncollapsed.
        builder.addStateStore(store(StoreNames.REFERENCE, new SingleObjectAvroSerde<>(ReferenceEntry.class)));
        builder.addStateStore(store(StoreNames.REFERENCE_EVENT_IDS, Serdes.Long()));
        builder.addStateStore(cached(store(StoreNames.REFERENCE_REJECTIONS, Serdes.Long())));
        builder.addStateStore(outbox(StoreNames.MEMBER_DELTAS));
        builder.addStateStore(outbox(StoreNames.MEETING_DELTAS));
        builder.addStateStore(outbox(StoreNames.BRANCH_DELTAS));
        builder.addStateStore(store(StoreNames.MEMBER_PENDING, new SingleObjectAvroSerde<>(PendingEvents.class)));
        builder.addStateStore(store(StoreNames.MEETING_PENDING, new SingleObjectAvroSerde<>(PendingEvents.class)));
        builder.addStateStore(store(StoreNames.MEMBER_STATE, new SingleObjectAvroSerde<>(MemberState.class)));
        builder.addStateStore(cached(store(StoreNames.MEMBER_REJECTIONS, Serdes.Long())));
        builder.addStateStore(store(StoreNames.MEETING_STATE, new SingleObjectAvroSerde<>(MeetingState.class)));
        builder.addStateStore(cached(store(StoreNames.MEETING_REJECTIONS, Serdes.Long())));
        // Branches are few enough (a province's 2,000; a country's 60,000 take some 10 MB) and their counts move
        // with every member event: cached, a commit logs each branch once.
        builder.addStateStore(cached(store(StoreNames.BRANCH_STATE, new SingleObjectAvroSerde<>(BranchState.class))));
        builder.addStateStore(store(StoreNames.BRANCH_REGULAR_MEETINGS, Serdes.Integer()));
        builder.addStateStore(cached(store(StoreNames.CURRENT_CHANGED_AT, Serdes.Long())));
        builder.addStateStore(cached(store(StoreNames.MONTHLY_CHANGED_AT, Serdes.Long())));
        builder.addStateStore(cached(store(StoreNames.YEARLY_CHANGED_AT, Serdes.Long())));

        // Global stores keep no changelog: the accepted-reference topic is their log.
        builder.addGlobalStore(store(StoreNames.REFERENCE_LOOKUP, referenceEntries).withLoggingDisabled(),
                settings.acceptedReferenceTopic(), Consumed.with(strings, referenceEntries).withName("reference-accepted-source"),
                () -> new GlobalReferenceUpdater(arrivals));

        // --- reference data
        KStream<String, Object> reference = builder
                .stream(Topics.REFERENCE, Consumed.with(strings, Serdes.ByteArray()).withName("reference-source"))
                .process(eventProcessor(() -> new ReferenceProcessor(registry)), Named.as("reference-processor"),
                        StoreNames.REFERENCE, StoreNames.REFERENCE_EVENT_IDS, StoreNames.REFERENCE_REJECTIONS);
        only(reference, RejectedEvent.class, "reference-rejected")
                .to(Topics.REJECTED, Produced.with(strings, registrySerde(registry, RejectedEvent.class)).withName("reference-rejected-sink"));
        only(reference, ReferenceEntry.class, "reference-accepted")
                .to(settings.acceptedReferenceTopic(), Produced.with(strings, referenceEntries).withName("reference-accepted-sink"));
        only(reference, DistrictName.class, "district-names")
                .to(Topics.DISTRICTS, Produced.with(strings, registrySerde(registry, DistrictName.class)).withName("district-names-sink"));
        KStream<String, BranchChange> placements = only(reference, BranchChange.class, "reference-branch-changes")
                .repartition(repartitioned("reference-branch-changes", branchChanges, partitions));

        // --- meetings
        KStream<String, Object> meetings = builder
                .stream(Topics.MEETING_EVENTS, Consumed.with(strings, Serdes.ByteArray()).withName("meeting-source"))
                .process(eventProcessor(() -> new MeetingProcessor(registry, settings.referenceWait(), arrivals, settings.deltaInterval())),
                        Named.as("meeting-processor"),
                        StoreNames.MEETING_STATE, StoreNames.MEETING_REJECTIONS, StoreNames.MEETING_PENDING,
                        StoreNames.MEETING_DELTAS);
        only(meetings, RejectedEvent.class, "meeting-rejected")
                .to(Topics.REJECTED, Produced.with(strings, registrySerde(registry, RejectedEvent.class)).withName("meeting-rejected-sink"));
        // Same partition count as pulse.member-events: memberId hashes to the task holding the member.
        KStream<String, AbsenceChange> absences = only(meetings, AbsenceChange.class, "meeting-absences")
                .repartition(repartitioned("meeting-absences", absenceChanges, partitions));
        KStream<String, BranchChange> meetingBranchChanges = only(meetings, BranchChange.class, "meeting-branch-changes")
                .repartition(repartitioned("meeting-branch-changes", branchChanges, partitions));
        KStream<String, DistrictMonthlyStats> meetingMonthly = only(meetings, DistrictMonthlyStats.class, "meeting-monthly-deltas")
                .repartition(repartitioned("meeting-monthly-deltas", monthlyDeltas, partitions));

        // --- members
        KStream<String, Object> memberInput = builder
                .stream(Topics.MEMBER_EVENTS, Consumed.with(strings, Serdes.ByteArray()).withName("member-source"))
                .mapValues(v -> (Object) v, Named.as("member-events-as-input"))
                .merge(absences.mapValues(v -> (Object) v, Named.as("absences-as-input")), Named.as("member-input"));
        KStream<String, Object> members = memberInput
                .process(() -> new MemberProcessor(registry, settings.referenceWait(), arrivals, settings.deltaInterval()),
                        Named.as("member-processor"),
                        StoreNames.MEMBER_STATE, StoreNames.MEMBER_REJECTIONS, StoreNames.MEMBER_PENDING,
                        StoreNames.MEMBER_DELTAS);
        only(members, RejectedEvent.class, "member-rejected")
                .to(Topics.REJECTED, Produced.with(strings, registrySerde(registry, RejectedEvent.class)).withName("member-rejected-sink"));
        KStream<String, BranchChange> memberBranchChanges = only(members, BranchChange.class, "member-branch-changes")
                .repartition(repartitioned("member-branch-changes", branchChanges, partitions));
        KStream<String, DistrictMonthlyStats> memberMonthly = only(members, DistrictMonthlyStats.class, "member-monthly-deltas")
                .repartition(repartitioned("member-monthly-deltas", monthlyDeltas, partitions));
        KStream<String, DistrictYearlyStats> memberYearly = only(members, DistrictYearlyStats.class, "member-yearly-deltas")
                .repartition(repartitioned("member-yearly-deltas", yearlyDeltas, partitions));

        // --- branches
        KStream<String, Object> branches = placements
                .merge(memberBranchChanges, Named.as("branch-input-members"))
                .merge(meetingBranchChanges, Named.as("branch-input"))
                .process(() -> new BranchProcessor(settings.deltaInterval()), Named.as("branch-processor"),
                        StoreNames.BRANCH_STATE, StoreNames.BRANCH_REGULAR_MEETINGS, StoreNames.BRANCH_DELTAS);
        KStream<String, DistrictCurrent> branchCurrent = only(branches, DistrictCurrent.class, "branch-current-deltas")
                .repartition(repartitioned("branch-current-deltas", currentDeltas, partitions));
        KStream<String, DistrictMonthlyStats> branchMonthly = only(branches, DistrictMonthlyStats.class, "branch-monthly-deltas")
                .repartition(repartitioned("branch-monthly-deltas", monthlyDeltas, partitions));
        KStream<String, DistrictYearlyStats> branchYearly = only(branches, DistrictYearlyStats.class, "branch-yearly-deltas")
                .repartition(repartitioned("branch-yearly-deltas", yearlyDeltas, partitions));

        // --- aggregates: the record cache collapses the deltas of a commit into one update per row
        KTable<String, DistrictCurrent> current = branchCurrent
                .groupByKey(Grouped.with("district-current", strings, currentDeltas))
                .aggregate(DistrictCurrent::new, (key, delta, total) -> Deltas.add(total, delta),
                        Named.as("district-current-aggregate"),
                        Materialized.<String, DistrictCurrent, KeyValueStore<Bytes, byte[]>>as(StoreNames.DISTRICT_CURRENT)
                                .withKeySerde(strings).withValueSerde(currentDeltas));
        KTable<String, DistrictMonthlyStats> monthly = memberMonthly
                .merge(meetingMonthly, Named.as("monthly-deltas-meetings"))
                .merge(branchMonthly, Named.as("monthly-deltas"))
                .groupByKey(Grouped.with("district-monthly", strings, monthlyDeltas))
                .aggregate(DistrictMonthlyStats::new, (key, delta, total) -> Deltas.add(total, delta),
                        Named.as("district-monthly-aggregate"),
                        Materialized.<String, DistrictMonthlyStats, KeyValueStore<Bytes, byte[]>>as(StoreNames.DISTRICT_MONTHLY)
                                .withKeySerde(strings).withValueSerde(monthlyDeltas));
        KTable<String, DistrictYearlyStats> yearly = memberYearly
                .merge(branchYearly, Named.as("yearly-deltas"))
                .groupByKey(Grouped.with("district-yearly", strings, yearlyDeltas))
                .aggregate(DistrictYearlyStats::new, (key, delta, total) -> Deltas.add(total, delta),
                        Named.as("district-yearly-aggregate"),
                        Materialized.<String, DistrictYearlyStats, KeyValueStore<Bytes, byte[]>>as(StoreNames.DISTRICT_YEARLY)
                                .withKeySerde(strings).withValueSerde(yearlyDeltas));

        publish(current, Topics.DISTRICT_CURRENT, StoreNames.CURRENT_CHANGED_AT, registrySerde(registry, DistrictCurrent.class));
        publish(monthly, Topics.DISTRICT_MONTHLY, StoreNames.MONTHLY_CHANGED_AT, registrySerde(registry, DistrictMonthlyStats.class));
        publish(yearly, Topics.DISTRICT_YEARLY, StoreNames.YEARLY_CHANGED_AT, registrySerde(registry, DistrictYearlyStats.class));
        return builder.build();
    }

    private static <V> void publish(KTable<String, V> table, String topic, String changedAtStore, Serde<V> serde) {
        table.toStream(Named.as(topic + "-changes"))
                .processValues(() -> new ChangeTimeRecorder<V>(changedAtStore, topic), Named.as(topic + "-changed-at"), changedAtStore)
                .to(topic, Produced.with(Serdes.String(), serde).withName(topic + "-sink"));
    }

    /** Event processors take the value as Object: bytes from a source topic, or an internal record. */
    private static ProcessorSupplier<String, Object, String, Object> eventProcessor(ProcessorSupplier<String, Object, String, Object> s) {
        return s;
    }

    /** The records of one class among a processor's mixed output. */
    private static <T> KStream<String, T> only(KStream<String, Object> mixed, Class<T> type, String name) {
        return mixed.filter((k, v) -> type.isInstance(v), Named.as(name + "-only"))
                .mapValues(type::cast, Named.as(name + "-typed"));
    }

    private static <V> Repartitioned<String, V> repartitioned(String name, Serde<V> serde, int partitions) {
        return Repartitioned.<String, V>as(name).withKeySerde(Serdes.String()).withValueSerde(serde)
                .withNumberOfPartitions(partitions);
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde);
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> outbox(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> cached(StoreBuilder<KeyValueStore<String, V>> builder) {
        return builder.withCachingEnabled();
    }

    private static <T extends SpecificRecord> Serde<T> registrySerde(Map<String, ?> registry, Class<T> type) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>();
        serde.configure(registry, false);
        return serde;
    }
}
