package vn.chibo.pulse.dashboard.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import vn.chibo.pulse.dashboard.AggregateSource;
import vn.chibo.pulse.dashboard.DistrictTotals;
import vn.chibo.pulse.dashboard.MonthlyFigures;
import vn.chibo.pulse.dashboard.RejectionCounts;
import vn.chibo.pulse.dashboard.YearlyFigures;

/**
 * Reads the aggregates from an {@link AggregateSource} and shapes them into one {@link Snapshot}:
 * a row per district, province sums, derived rates and the province trend.
 */
public final class SnapshotAssembler {

    private final AggregateSource source;
    private final Supplier<ReportingDatabase.NamesResult> fallbackNames;
    private final Clock clock;
    private final ZoneId zone;
    private final int trendMonths;

    public SnapshotAssembler(AggregateSource source, Supplier<ReportingDatabase.NamesResult> fallbackNames,
                             Clock clock, ZoneId zone, int trendMonths) {
        this.source = source;
        this.fallbackNames = fallbackNames;
        this.clock = clock;
        this.zone = zone;
        this.trendMonths = trendMonths;
    }

    /** The month the page calls "this month". */
    public YearMonth currentMonth() {
        return YearMonth.now(clock.withZone(zone));
    }

    public Snapshot assemble() throws IOException {
        return assemble(currentMonth(), trendMonths);
    }

    /** A snapshot whose "month" is {@code month}, with a trend of {@code months} months ending there. */
    public Snapshot assemble(YearMonth month, int months) throws IOException {
        // lastChanged first: anything read afterwards is at least that fresh.
        Optional<Instant> lastChanged = source.lastChanged();
        Map<String, String> names = new HashMap<>(source.districtNames());
        ReportingDatabase.NamesResult pg = fallbackNames.get();
        pg.names().forEach(names::putIfAbsent);

        Map<String, DistrictTotals> current = new HashMap<>();
        for (DistrictTotals t : source.current()) {
            current.put(t.districtCode(), t);
        }
        YearMonth first = month.minusMonths(Math.max(1, months) - 1L);
        Map<String, Map<YearMonth, MonthlyFigures>> monthly = new HashMap<>();
        for (MonthlyFigures m : source.monthly(first, month)) {
            monthly.computeIfAbsent(m.districtCode(), k -> new HashMap<>()).put(m.month(), m);
        }
        Map<String, YearlyFigures> yearly = new HashMap<>();
        for (YearlyFigures y : source.yearly(month.getYear())) {
            yearly.put(y.districtCode(), y);
        }

        TreeSet<String> codes = new TreeSet<>(names.keySet());
        codes.addAll(current.keySet());
        codes.addAll(monthly.keySet());
        codes.addAll(yearly.keySet());

        List<Snapshot.DistrictRow> rows = new ArrayList<>();
        for (String code : codes) {
            DistrictTotals t = current.getOrDefault(code, new DistrictTotals(code, 0, 0, 0, 0, 0, 0, 0, 0, 0));
            MonthlyFigures m = monthly.getOrDefault(code, Map.of()).getOrDefault(month, MonthlyFigures.none(code, month));
            YearlyFigures y = yearly.getOrDefault(code, YearlyFigures.none(code, month.getYear()));
            rows.add(new Snapshot.DistrictRow(code, names.getOrDefault(code, code),
                    currentView(t), monthView(m, t.branches()), yearView(y)));
        }
        // In the order a province lists its units; the code breaks ties.
        rows.sort(Comparator.comparing(Snapshot.DistrictRow::name, VietnameseOrder.DISTRICTS)
                .thenComparing(Snapshot.DistrictRow::code));

        DistrictTotals provinceTotals = sumTotals(current.values());
        List<Snapshot.Month> trend = new ArrayList<>();
        for (YearMonth ym = first; !ym.isAfter(month); ym = ym.plusMonths(1)) {
            List<MonthlyFigures> ofMonth = new ArrayList<>();
            for (Map<YearMonth, MonthlyFigures> byMonth : monthly.values()) {
                MonthlyFigures f = byMonth.get(ym);
                if (f != null) {
                    ofMonth.add(f);
                }
            }
            trend.add(monthView(sumMonth(ofMonth, ym), provinceTotals.branches()));
        }
        Snapshot.Month provinceMonth = trend.get(trend.size() - 1);
        Snapshot.Province province = new Snapshot.Province(rows.size(), currentView(provinceTotals), provinceMonth,
                yearView(sumYear(yearly.values(), month.getYear())));

        RejectionCounts rejections = source.rejections();
        TreeMap<String, Long> byReason = new TreeMap<>(rejections.byReason());
        List<Snapshot.ReasonCount> reasons = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Long> e : byReason.entrySet()) {
            if (e.getValue() > 0) {
                reasons.add(new Snapshot.ReasonCount(e.getKey(), e.getValue()));
                total += e.getValue();
            }
        }
        reasons.sort(Comparator.comparingLong(Snapshot.ReasonCount::count).reversed()
                .thenComparing(Snapshot.ReasonCount::reason));

        return new Snapshot(0, month.toString(), month.getYear(), lastChanged.map(Instant::toString).orElse(null),
                Instant.now(clock).toString(), new Snapshot.Sources("UP", pg.status()), province, List.copyOf(rows),
                List.copyOf(trend), new Snapshot.Rejections(total, List.copyOf(reasons),
                        rejections.waitingForReference()));
    }

    /**
     * Monthly figures of one district, or of the province when {@code districtCode} is null, for
     * {@code months} months ending with {@code to}; months without figures are zeros.
     */
    public List<Snapshot.Month> trend(String districtCode, YearMonth to, int months) throws IOException {
        YearMonth first = to.minusMonths(months - 1L);
        int branches = 0;
        for (DistrictTotals t : source.current()) {
            if (districtCode == null || districtCode.equals(t.districtCode())) {
                branches += t.branches();
            }
        }
        Map<YearMonth, List<MonthlyFigures>> byMonth = new HashMap<>();
        for (MonthlyFigures m : source.monthly(first, to)) {
            if (districtCode == null || districtCode.equals(m.districtCode())) {
                byMonth.computeIfAbsent(m.month(), k -> new ArrayList<>()).add(m);
            }
        }
        List<Snapshot.Month> points = new ArrayList<>();
        for (YearMonth ym = first; !ym.isAfter(to); ym = ym.plusMonths(1)) {
            points.add(monthView(sumMonth(byMonth.getOrDefault(ym, List.of()), ym), branches));
        }
        return points;
    }

    static Snapshot.Current currentView(DistrictTotals t) {
        return new Snapshot.Current(t.membersActive(), t.membersOfficial(), t.membersProbationary(),
                t.membersVillage(), t.membersStreetGroup(), t.membersOther(),
                t.branchesVillage(), t.branchesStreetGroup(), t.branchesOther(), t.branches());
    }

    static Snapshot.Month monthView(MonthlyFigures m, int branches) {
        int meetings = m.regularMeetings() + m.thematicMeetings();
        return new Snapshot.Month(m.month().toString(),
                m.admissions(), m.confirmations(), m.transfersIn(), m.transfersOut(),
                m.deaths(), m.removals(), m.expulsions(),
                m.regularMeetings(), m.thematicMeetings(), m.branchesWithRegularMeeting(),
                m.membersExpected(), m.membersPresent(), m.meetingsWithSuperior(), m.meetingsWithSelfCriticism(),
                ratio(m.membersPresent(), m.membersExpected()),
                ratio(m.branchesWithRegularMeeting(), branches),
                ratio(m.meetingsWithSuperior(), meetings));
    }

    static Snapshot.Year yearView(YearlyFigures y) {
        return new Snapshot.Year(y.year(), y.gradedExcellent(), y.gradedGood(), y.gradedCompleted(),
                y.gradedNotCompleted(), y.membersAtRisk());
    }

    private static Double ratio(long part, long whole) {
        return whole <= 0 ? null : (double) part / whole;
    }

    private static DistrictTotals sumTotals(Iterable<DistrictTotals> all) {
        int[] s = new int[9];
        for (DistrictTotals t : all) {
            s[0] += t.membersActive();
            s[1] += t.membersOfficial();
            s[2] += t.membersProbationary();
            s[3] += t.membersVillage();
            s[4] += t.membersStreetGroup();
            s[5] += t.membersOther();
            s[6] += t.branchesVillage();
            s[7] += t.branchesStreetGroup();
            s[8] += t.branchesOther();
        }
        return new DistrictTotals("*", s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8]);
    }

    private static MonthlyFigures sumMonth(Iterable<MonthlyFigures> all, YearMonth month) {
        int[] s = new int[14];
        for (MonthlyFigures m : all) {
            s[0] += m.admissions();
            s[1] += m.confirmations();
            s[2] += m.transfersIn();
            s[3] += m.transfersOut();
            s[4] += m.deaths();
            s[5] += m.removals();
            s[6] += m.expulsions();
            s[7] += m.regularMeetings();
            s[8] += m.thematicMeetings();
            s[9] += m.branchesWithRegularMeeting();
            s[10] += m.membersExpected();
            s[11] += m.membersPresent();
            s[12] += m.meetingsWithSuperior();
            s[13] += m.meetingsWithSelfCriticism();
        }
        return new MonthlyFigures("*", month, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10],
                s[11], s[12], s[13]);
    }

    private static YearlyFigures sumYear(Iterable<YearlyFigures> all, int year) {
        int[] s = new int[5];
        for (YearlyFigures y : all) {
            s[0] += y.gradedExcellent();
            s[1] += y.gradedGood();
            s[2] += y.gradedCompleted();
            s[3] += y.gradedNotCompleted();
            s[4] += y.membersAtRisk();
        }
        return new YearlyFigures("*", year, s[0], s[1], s[2], s[3], s[4]);
    }
}
