package vn.chibo.pulse.streams.internal;

import java.util.List;
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
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import vn.chibo.pulse.aggregates.BranchName;
import vn.chibo.pulse.aggregates.CommuneName;
import vn.chibo.pulse.aggregates.DistrictName;
import vn.chibo.pulse.domain.Figures;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.RejectedEvent;
import vn.chibo.pulse.registry.serde.SpecificAvroSerde;
import vn.chibo.pulse.streams.internal.model.AbsenceChange;
import vn.chibo.pulse.streams.internal.model.MeetingState;
import vn.chibo.pulse.streams.internal.model.MemberState;
import vn.chibo.pulse.streams.internal.model.PendingEvents;
import vn.chibo.pulse.streams.internal.model.ReferenceEntry;

/**
 * The topology of the aggregates app, as a pure factory.
 *
 * <pre>
 * pulse.reference ─► ReferenceProcessor ─┬► accepted-reference topic ─► global store reference-lookup
 *                                        └► pulse.districts, pulse.communes, pulse.branches (the tree now)
 * pulse.member-events ─┐
 *   meeting-absences ──┴► MemberProcessor ─┬► branch current / monthly / yearly / transfer deltas
 * pulse.meeting-events ─► MeetingProcessor ┼► branch monthly deltas (meetings, quality)
 *                                          └► absences (keyed by memberId) ─► meeting-absences
 * deltas, keyed by branch / branch|month / branch|year / transfer pair ─► groupByKey().aggregate() ─► compacted topics
 * every processor's refusals ─► pulse.rejected
 * </pre>
 *
 * Figures are kept per branch only. Communes, districts and the province add up the branches they
 * hold now (SPEC §3 v2: history follows a branch that moves), which the reporting database does in
 * its views; so a reorganisation is a reference upsert, and nothing here depends on when it arrived.
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
        Serde<AbsenceChange> absenceChanges = new SingleObjectAvroSerde<>(AbsenceChange.class);

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
        builder.addStateStore(store(StoreNames.MEMBER_PENDING, new SingleObjectAvroSerde<>(PendingEvents.class)));
        builder.addStateStore(store(StoreNames.MEETING_PENDING, new SingleObjectAvroSerde<>(PendingEvents.class)));
        builder.addStateStore(store(StoreNames.MEMBER_STATE, new SingleObjectAvroSerde<>(MemberState.class)));
        builder.addStateStore(store(StoreNames.MEMBER_EVENT_IDS, Serdes.Long()));
        builder.addStateStore(store(StoreNames.MEETING_EVENT_IDS, Serdes.Long()));
        builder.addStateStore(cached(store(StoreNames.MEMBER_REJECTIONS, Serdes.Long())));
        builder.addStateStore(store(StoreNames.MEETING_STATE, new SingleObjectAvroSerde<>(MeetingState.class)));
        builder.addStateStore(cached(store(StoreNames.MEETING_REJECTIONS, Serdes.Long())));
        for (Aggregate<?> aggregate : Aggregate.ALL) {
            builder.addStateStore(cached(store(aggregate.changedAtStore(), Serdes.Long())));
        }

        // Global stores keep no changelog: the accepted-reference topic is their log.
        builder.addGlobalStore(store(StoreNames.REFERENCE_LOOKUP, referenceEntries).withLoggingDisabled(),
                settings.acceptedReferenceTopic(), Consumed.with(strings, referenceEntries).withName("reference-accepted-source"),
                () -> new GlobalReferenceUpdater(arrivals));

        // --- reference data: the tree as it is now
        KStream<String, Object> reference = builder
                .stream(Topics.REFERENCE, Consumed.with(strings, Serdes.ByteArray()).withName("reference-source"))
                .process(eventProcessor(() -> new ReferenceProcessor(registry)), Named.as("reference-processor"),
                        StoreNames.REFERENCE, StoreNames.REFERENCE_EVENT_IDS, StoreNames.REFERENCE_REJECTIONS);
        Outputs referenceOut = Outputs.split(reference, "reference", ReferenceProcessor.OUTPUTS);
        rejected(referenceOut, "reference", registry);
        referenceOut.get(ReferenceProcessor.ACCEPTED)
                .to(settings.acceptedReferenceTopic(), Produced.with(strings, referenceEntries).withName("reference-accepted-sink"));
        tree(referenceOut.get(ReferenceProcessor.DISTRICTS), DistrictName.class, Topics.DISTRICTS, registry);
        tree(referenceOut.get(ReferenceProcessor.COMMUNES), CommuneName.class, Topics.COMMUNES, registry);
        tree(referenceOut.get(ReferenceProcessor.BRANCHES), BranchName.class, Topics.BRANCHES, registry);

        // --- meetings
        KStream<String, Object> meetings = builder
                .stream(Topics.MEETING_EVENTS, Consumed.with(strings, Serdes.ByteArray()).withName("meeting-source"))
                .process(eventProcessor(() -> new MeetingProcessor(registry, settings.referenceWait(), arrivals, settings.deltaInterval())),
                        Named.as("meeting-processor"),
                        StoreNames.MEETING_STATE, StoreNames.MEETING_REJECTIONS, StoreNames.MEETING_PENDING,
                        StoreNames.MEETING_DELTAS, StoreNames.MEETING_EVENT_IDS);
        Outputs meetingOut = Outputs.split(meetings, "meeting", MeetingProcessor.OUTPUTS);
        rejected(meetingOut, "meeting", registry);
        // Same partition count as pulse.member-events: memberId hashes to the task holding the member.
        KStream<String, AbsenceChange> absences = meetingOut.get(MeetingProcessor.ABSENCES)
                .repartition(repartitioned("meeting-absences", absenceChanges, partitions));

        // --- members
        KStream<String, Object> memberInput = builder
                .stream(Topics.MEMBER_EVENTS, Consumed.with(strings, Serdes.ByteArray()).withName("member-source"))
                .mapValues(v -> (Object) v, Named.as("member-events-as-input"))
                .merge(absences.mapValues(v -> (Object) v, Named.as("absences-as-input")), Named.as("member-input"));
        KStream<String, Object> members = memberInput
                .process(() -> new MemberProcessor(registry, settings.referenceWait(), arrivals, settings.deltaInterval()),
                        Named.as("member-processor"),
                        StoreNames.MEMBER_STATE, StoreNames.MEMBER_REJECTIONS, StoreNames.MEMBER_PENDING,
                        StoreNames.MEMBER_DELTAS, StoreNames.MEMBER_EVENT_IDS);
        Outputs memberOut = Outputs.split(members, "member", MemberProcessor.OUTPUTS);
        rejected(memberOut, "member", registry);

        // --- the branch aggregates: the record cache collapses the deltas of a commit into one update per row
        aggregate(Aggregate.CURRENT, List.of(memberOut), partitions, registry);
        aggregate(Aggregate.MONTHLY, List.of(memberOut, meetingOut), partitions, registry);
        aggregate(Aggregate.YEARLY, List.of(memberOut), partitions, registry);
        aggregate(Aggregate.TRANSFERS, List.of(memberOut), partitions, registry);
        return builder.build();
    }

    /** Adds up one kind of delta, from every processor that sends it, and publishes the totals. */
    private static <V extends SpecificRecord> void aggregate(Aggregate<V> aggregate, List<Outputs> senders,
            int partitions, Map<String, ?> registry) {
        Serde<V> deltas = new SingleObjectAvroSerde<>(aggregate.type());
        String name = aggregate.storeName();
        KStream<String, V> merged = null;
        for (int i = 0; i < senders.size(); i++) {
            String part = name + "-deltas-" + i;
            KStream<String, V> typed = senders.get(i).get(aggregate.deltas()).repartition(repartitioned(part, deltas, partitions));
            merged = merged == null ? typed : merged.merge(typed, Named.as(part + "-merged"));
        }
        Figures figures = Figures.of(aggregate.schema());
        merged.groupByKey(Grouped.with(name, Serdes.String(), deltas))
                .aggregate(aggregate::empty, (key, delta, total) -> figures.addInto(total, delta),
                        Named.as(name + "-aggregate"),
                        Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(name)
                                .withKeySerde(Serdes.String()).withValueSerde(deltas))
                .toStream(Named.as(aggregate.topic() + "-changes"))
                .processValues(() -> new ChangeTimeRecorder<V>(aggregate.changedAtStore(), aggregate.topic()),
                        Named.as(aggregate.topic() + "-changed-at"), aggregate.changedAtStore())
                .to(aggregate.topic(), Produced.with(Serdes.String(), registrySerde(registry, aggregate.type()))
                        .withName(aggregate.topic() + "-sink"));
    }

    private static void rejected(Outputs outputs, String name, Map<String, ?> registry) {
        outputs.get(EventProcessor.REJECTED)
                .to(Topics.REJECTED, Produced.with(Serdes.String(), registrySerde(registry, RejectedEvent.class))
                        .withName(name + "-rejected-sink"));
    }

    private static <T extends SpecificRecord> void tree(KStream<String, T> units, Class<T> type, String topic,
            Map<String, ?> registry) {
        units.to(topic, Produced.with(Serdes.String(), registrySerde(registry, type)).withName(topic + "-sink"));
    }

    /** Event processors take the value as Object: bytes from a source topic, or an internal record. */
    private static ProcessorSupplier<String, Object, String, Object> eventProcessor(ProcessorSupplier<String, Object, String, Object> s) {
        return s;
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
