package vn.chibo.pulse.streams.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.time.YearMonth;

import vn.chibo.pulse.aggregates.DistrictCurrent;
import vn.chibo.pulse.aggregates.DistrictMonthlyStats;
import vn.chibo.pulse.aggregates.DistrictYearlyStats;
import vn.chibo.pulse.streams.internal.model.BranchChange;

/**
 * Deltas travel as the aggregate records themselves, each count holding a (possibly negative)
 * change; the aggregators add them up field by field.
 */
public final class Deltas {
    private Deltas() {}

    /**
     * An empty change at a branch. Not the Avro builder: it deep-copies the schema's defaults, which
     * shows on the path of every member event.
     */
    static BranchChange branchChange() {
        return new BranchChange(null, 0, 0, 0, new HashMap<>(), new ArrayList<>());
    }

    public static DistrictCurrent current(String districtCode) {
        DistrictCurrent d = new DistrictCurrent();
        d.setDistrictCode(districtCode);
        return d;
    }

    public static DistrictMonthlyStats monthly(String districtCode, YearMonth month) {
        DistrictMonthlyStats d = new DistrictMonthlyStats();
        d.setDistrictCode(districtCode);
        d.setMonth(month.atDay(1));
        return d;
    }

    public static DistrictMonthlyStats monthly(String districtCode, LocalDate date) {
        return monthly(districtCode, YearMonth.from(date));
    }

    public static DistrictYearlyStats yearly(String districtCode, int year) {
        DistrictYearlyStats d = new DistrictYearlyStats();
        d.setDistrictCode(districtCode);
        d.setYear(year);
        return d;
    }

    public static DistrictCurrent add(DistrictCurrent total, DistrictCurrent delta) {
        DistrictCurrent sum = current(delta.getDistrictCode());
        sum.setMembersActive(total.getMembersActive() + delta.getMembersActive());
        sum.setMembersOfficial(total.getMembersOfficial() + delta.getMembersOfficial());
        sum.setMembersProbationary(total.getMembersProbationary() + delta.getMembersProbationary());
        sum.setMembersVillage(total.getMembersVillage() + delta.getMembersVillage());
        sum.setMembersStreetGroup(total.getMembersStreetGroup() + delta.getMembersStreetGroup());
        sum.setMembersOther(total.getMembersOther() + delta.getMembersOther());
        sum.setBranchesVillage(total.getBranchesVillage() + delta.getBranchesVillage());
        sum.setBranchesStreetGroup(total.getBranchesStreetGroup() + delta.getBranchesStreetGroup());
        sum.setBranchesOther(total.getBranchesOther() + delta.getBranchesOther());
        return sum;
    }

    public static DistrictMonthlyStats add(DistrictMonthlyStats total, DistrictMonthlyStats delta) {
        DistrictMonthlyStats sum = new DistrictMonthlyStats();
        sum.setDistrictCode(delta.getDistrictCode());
        sum.setMonth(delta.getMonth());
        sum.setAdmissions(total.getAdmissions() + delta.getAdmissions());
        sum.setConfirmations(total.getConfirmations() + delta.getConfirmations());
        sum.setTransfersIn(total.getTransfersIn() + delta.getTransfersIn());
        sum.setTransfersOut(total.getTransfersOut() + delta.getTransfersOut());
        sum.setDeaths(total.getDeaths() + delta.getDeaths());
        sum.setRemovals(total.getRemovals() + delta.getRemovals());
        sum.setExpulsions(total.getExpulsions() + delta.getExpulsions());
        sum.setRegularMeetings(total.getRegularMeetings() + delta.getRegularMeetings());
        sum.setThematicMeetings(total.getThematicMeetings() + delta.getThematicMeetings());
        sum.setBranchesWithRegularMeeting(total.getBranchesWithRegularMeeting() + delta.getBranchesWithRegularMeeting());
        sum.setMembersExpected(total.getMembersExpected() + delta.getMembersExpected());
        sum.setMembersPresent(total.getMembersPresent() + delta.getMembersPresent());
        sum.setMeetingsWithSuperior(total.getMeetingsWithSuperior() + delta.getMeetingsWithSuperior());
        sum.setMeetingsWithSelfCriticism(total.getMeetingsWithSelfCriticism() + delta.getMeetingsWithSelfCriticism());
        return sum;
    }

    public static DistrictYearlyStats add(DistrictYearlyStats total, DistrictYearlyStats delta) {
        DistrictYearlyStats sum = yearly(delta.getDistrictCode(), delta.getYear());
        sum.setGradedExcellent(total.getGradedExcellent() + delta.getGradedExcellent());
        sum.setGradedGood(total.getGradedGood() + delta.getGradedGood());
        sum.setGradedCompleted(total.getGradedCompleted() + delta.getGradedCompleted());
        sum.setGradedNotCompleted(total.getGradedNotCompleted() + delta.getGradedNotCompleted());
        sum.setMembersAtRisk(total.getMembersAtRisk() + delta.getMembersAtRisk());
        return sum;
    }

    /** Whether a delta changes nothing (all counts zero). */
    public static boolean isZero(DistrictCurrent d) {
        return d.equals(current(d.getDistrictCode()));
    }

    public static boolean isZero(DistrictYearlyStats d) {
        return d.equals(yearly(d.getDistrictCode(), d.getYear()));
    }

    /** Whether a monthly delta changes nothing (all counts zero). */
    public static boolean isZero(DistrictMonthlyStats d) {
        return d.equals(monthly(d.getDistrictCode(), YearMonth.from(d.getMonth())));
    }
}
