package vn.chibo.pulse.streams.internal;

import java.time.LocalDate;
import java.time.YearMonth;

import vn.chibo.pulse.aggregates.BranchCurrent;
import vn.chibo.pulse.aggregates.BranchMonthly;
import vn.chibo.pulse.aggregates.BranchTransfers;
import vn.chibo.pulse.aggregates.BranchYearly;
import vn.chibo.pulse.domain.AggregateKeys;

/**
 * Empty deltas of the branch aggregates, with their aggregate keys. Deltas travel as the aggregate
 * records themselves, each count holding a (possibly negative) change; {@link vn.chibo.pulse.domain.Figures}
 * adds them up. Not the Avro builders: they deep-copy the schema's defaults, which shows on the path
 * of every event; the plain constructors leave every count at 0.
 */
final class Deltas {
    private Deltas() {}

    static BranchCurrent current(String branchId) {
        BranchCurrent d = new BranchCurrent();
        d.setBranchId(branchId);
        return d;
    }

    static BranchMonthly monthly(String branchId, LocalDate date) {
        BranchMonthly d = new BranchMonthly();
        d.setBranchId(branchId);
        d.setMonth(YearMonth.from(date).atDay(1));
        return d;
    }

    static BranchYearly yearly(String branchId, int year) {
        BranchYearly d = new BranchYearly();
        d.setBranchId(branchId);
        d.setYear(year);
        return d;
    }

    static BranchTransfers transfers(String fromBranchId, String toBranchId, LocalDate date) {
        BranchTransfers d = new BranchTransfers();
        d.setFromBranchId(fromBranchId);
        d.setToBranchId(toBranchId);
        d.setMonth(YearMonth.from(date).atDay(1));
        return d;
    }

    static String key(BranchMonthly d) {
        return AggregateKeys.monthly(d.getBranchId(), d.getMonth());
    }

    static String key(BranchYearly d) {
        return AggregateKeys.yearly(d.getBranchId(), d.getYear());
    }

    static String key(BranchTransfers d) {
        return AggregateKeys.transfers(d.getFromBranchId(), d.getToBranchId(), YearMonth.from(d.getMonth()));
    }
}
