package vn.chibo.pulse.streams.internal;

import java.util.List;
import java.util.function.Supplier;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

import vn.chibo.pulse.aggregates.BranchCurrent;
import vn.chibo.pulse.aggregates.BranchMonthly;
import vn.chibo.pulse.aggregates.BranchTransfers;
import vn.chibo.pulse.aggregates.BranchYearly;
import vn.chibo.pulse.domain.Topics;

/** One aggregate the app keeps: its record type, its store, and the compacted topic it is published to. */
public record Aggregate<V extends SpecificRecord>(Class<V> type, Supplier<V> factory, String storeName, String topic) {
    public static final Aggregate<BranchCurrent> CURRENT =
            new Aggregate<>(BranchCurrent.class, BranchCurrent::new, StoreNames.BRANCH_CURRENT, Topics.BRANCH_CURRENT);
    public static final Aggregate<BranchMonthly> MONTHLY =
            new Aggregate<>(BranchMonthly.class, BranchMonthly::new, StoreNames.BRANCH_MONTHLY, Topics.BRANCH_MONTHLY);
    public static final Aggregate<BranchYearly> YEARLY =
            new Aggregate<>(BranchYearly.class, BranchYearly::new, StoreNames.BRANCH_YEARLY, Topics.BRANCH_YEARLY);
    public static final Aggregate<BranchTransfers> TRANSFERS =
            new Aggregate<>(BranchTransfers.class, BranchTransfers::new, StoreNames.BRANCH_TRANSFERS, Topics.BRANCH_TRANSFERS);
    public static final List<Aggregate<?>> ALL = List.of(CURRENT, MONTHLY, YEARLY, TRANSFERS);

    public V empty() {
        return factory.get();
    }

    public Schema schema() {
        return empty().getSchema();
    }

    /** The processors' output of this aggregate's deltas, keyed by aggregate key (see {@link DeltaOutbox}). */
    Output<V> deltas() {
        return new Output<>(storeName + "-deltas", type);
    }

    /** Wall-clock time (ms) the aggregate last changed, keyed by its topic. */
    public String changedAtStore() {
        return storeName + "-changed-at";
    }
}
