package vn.chibo.pulse.streams.internal;

import java.time.YearMonth;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

import vn.chibo.pulse.aggregates.BranchCurrent;
import vn.chibo.pulse.aggregates.BranchMonthly;
import vn.chibo.pulse.aggregates.BranchName;
import vn.chibo.pulse.aggregates.BranchTransfers;
import vn.chibo.pulse.aggregates.BranchYearly;
import vn.chibo.pulse.aggregates.CommuneName;
import vn.chibo.pulse.domain.Figures;
import vn.chibo.pulse.streams.levels.UnitCurrent;
import vn.chibo.pulse.streams.levels.UnitMonthly;
import vn.chibo.pulse.streams.levels.UnitYearly;

/**
 * The tests' own reading of SPEC §3 (v2) levels: a commune's or district's figures are the sums over
 * the branches it holds now, in the tree as the app published it; transfers count only between two
 * different units of the level. The reporting database computes the same in its views; the tests
 * check the app's branch figures through this.
 */
public final class Levels {
    public enum Level { COMMUNE, DISTRICT }

    private final Map<String, CommuneName> communes;
    private final Map<String, BranchName> branches;

    public Levels(Map<String, CommuneName> communes, Map<String, BranchName> branches) {
        this.communes = communes;
        this.branches = branches;
    }

    /** The unit of a level that holds a branch now (null: no such branch, or a commune without a district). */
    String unitOf(Level level, String branchId) {
        BranchName b = branchId == null ? null : branches.get(branchId);
        if (b == null) {
            return null;
        }
        if (level == Level.COMMUNE) {
            return b.getCommuneCode();
        }
        CommuneName c = communes.get(b.getCommuneCode());
        return c == null ? null : c.getDistrictCode();
    }

    UnitCurrent current(Level level, String unit, Map<String, BranchCurrent> current) {
        UnitCurrent u = empty(new UnitCurrent(), unit);
        for (BranchName b : branches.values()) {
            if (!unit.equals(unitOf(level, b.getBranchId()))) {
                continue;
            }
            BranchCurrent c = current.get(b.getBranchId());
            int active = c == null ? 0 : c.getMembersActive();
            if (c != null) {
                addByName(u, c);
            }
            switch (b.getKind()) {
                case "VILLAGE" -> { u.setMembersVillage(u.getMembersVillage() + active); u.setBranchesVillage(u.getBranchesVillage() + 1); }
                case "STREET_GROUP" -> { u.setMembersStreetGroup(u.getMembersStreetGroup() + active); u.setBranchesStreetGroup(u.getBranchesStreetGroup() + 1); }
                default -> { u.setMembersOther(u.getMembersOther() + active); u.setBranchesOther(u.getBranchesOther() + 1); }
            }
        }
        return u;
    }

    UnitMonthly month(Level level, String unit, YearMonth month, Map<String, BranchMonthly> monthly,
            Map<String, BranchTransfers> transfers) {
        UnitMonthly u = empty(new UnitMonthly(), unit);
        u.setMonth(month.toString());
        for (BranchMonthly m : monthly.values()) {
            if (YearMonth.from(m.getMonth()).equals(month) && unit.equals(unitOf(level, m.getBranchId()))) {
                addByName(u, m);
                u.setBranchesWithRegularMeeting(u.getBranchesWithRegularMeeting() + (m.getRegularMeetings() > 0 ? 1 : 0));
            }
        }
        // the branch rows' transfers count between branches; a level counts them between its own units
        u.setTransfersIn(0);
        u.setTransfersOut(0);
        for (BranchTransfers t : transfers.values()) {
            if (!YearMonth.from(t.getMonth()).equals(month)) {
                continue;
            }
            String from = unitOf(level, t.getFromBranchId());
            String to = unitOf(level, t.getToBranchId());
            boolean differ = t.getFromBranchId() == null || t.getToBranchId() == null || !Objects.equals(from, to);
            if (differ && unit.equals(to)) {
                u.setTransfersIn(u.getTransfersIn() + t.getTransfers());
            }
            if (differ && unit.equals(from)) {
                u.setTransfersOut(u.getTransfersOut() + t.getTransfers());
            }
        }
        return u;
    }

    UnitYearly year(Level level, String unit, int year, Map<String, BranchYearly> yearly) {
        UnitYearly u = empty(new UnitYearly(), unit);
        u.setYear(year);
        for (BranchYearly y : yearly.values()) {
            if (y.getYear() == year && unit.equals(unitOf(level, y.getBranchId()))) {
                addByName(u, y);
            }
        }
        return u;
    }

    /** Every unit's current totals, keyed by unit. */
    public Map<String, UnitCurrent> allCurrent(Level level, Map<String, BranchCurrent> current) {
        Map<String, UnitCurrent> out = new TreeMap<>();
        for (String unit : units(level)) {
            out.put(unit, current(level, unit, current));
        }
        return out;
    }

    /** Every unit's months, keyed 'unit|YYYY-MM'. */
    public Map<String, UnitMonthly> allMonthly(Level level, Map<String, BranchMonthly> monthly, Map<String, BranchTransfers> transfers) {
        Set<YearMonth> months = new TreeSet<>();
        monthly.values().forEach(m -> months.add(YearMonth.from(m.getMonth())));
        transfers.values().forEach(t -> months.add(YearMonth.from(t.getMonth())));
        Map<String, UnitMonthly> out = new TreeMap<>();
        for (String unit : units(level)) {
            for (YearMonth month : months) {
                out.put(unit + "|" + month, month(level, unit, month, monthly, transfers));
            }
        }
        return out;
    }

    /** Every unit's years, keyed 'unit|YYYY'. */
    public Map<String, UnitYearly> allYearly(Level level, Map<String, BranchYearly> yearly) {
        Set<Integer> years = new TreeSet<>();
        yearly.values().forEach(y -> years.add(y.getYear()));
        Map<String, UnitYearly> out = new TreeMap<>();
        for (String unit : units(level)) {
            for (int year : years) {
                out.put(unit + "|" + year, year(level, unit, year, yearly));
            }
        }
        return out;
    }

    private Set<String> units(Level level) {
        Set<String> units = new TreeSet<>();
        for (String branch : branches.keySet()) {
            String unit = unitOf(level, branch);
            if (unit != null) {
                units.add(unit);
            }
        }
        return units;
    }

    static UnitCurrent current(String unit) {
        return empty(new UnitCurrent(), unit);
    }

    static UnitMonthly monthly(String unit, YearMonth month) {
        UnitMonthly u = empty(new UnitMonthly(), unit);
        u.setMonth(month.toString());
        return u;
    }

    static UnitYearly yearly(String unit, int year) {
        UnitYearly u = empty(new UnitYearly(), unit);
        u.setYear(year);
        return u;
    }

    private static <T extends SpecificRecord> T empty(T record, String unit) {
        record.put(0, unit);
        return record;
    }

    /** Adds each figure of a branch record to the figure of the same name of a unit record. */
    private static void addByName(SpecificRecord unit, SpecificRecord branch) {
        Schema target = unit.getSchema();
        for (Schema.Field f : Figures.of(branch.getSchema()).figureFields()) {
            Schema.Field t = target.getField(f.name());
            if (t != null) {
                unit.put(t.pos(), (Integer) unit.get(t.pos()) + (Integer) branch.get(f.pos()));
            }
        }
    }
}
