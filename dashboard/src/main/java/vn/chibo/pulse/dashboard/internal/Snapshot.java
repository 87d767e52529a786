package vn.chibo.pulse.dashboard.internal;

import java.util.List;

/**
 * Everything the page shows at one moment; serialised as the JSON of /api/summary and of each
 * Server-Sent Event. Rates are fractions in [0, 1], or null when their denominator is zero.
 */
public record Snapshot(
        long version,
        String month,
        int year,
        String lastChanged,
        String generatedAt,
        Sources sources,
        Province province,
        List<DistrictRow> districts,
        List<Month> trend,
        Rejections rejections) {

    /** Health of what the figures come from: UP, DOWN or NOT_CONFIGURED. */
    public record Sources(String streams, String postgres) {}

    public record Province(int districts, Current current, Month month, Year year) {}

    public record DistrictRow(String code, String name, Current current, Month month, Year year) {}

    public record Current(
            int membersActive, int membersOfficial, int membersProbationary,
            int membersVillage, int membersStreetGroup, int membersOther,
            int branchesVillage, int branchesStreetGroup, int branchesOther, int branches) {}

    public record Month(
            String month,
            int admissions, int confirmations, int transfersIn, int transfersOut,
            int deaths, int removals, int expulsions,
            int regularMeetings, int thematicMeetings, int branchesWithRegularMeeting,
            int membersExpected, int membersPresent, int meetingsWithSuperior, int meetingsWithSelfCriticism,
            Double attendanceRate, Double regularMeetingCoverage, Double superiorAttendanceRate) {}

    public record Year(
            int year, int gradedExcellent, int gradedGood, int gradedCompleted, int gradedNotCompleted,
            int membersAtRisk) {}

    /** {@code waiting}: events held back for reference data, which may still be refused. */
    public record Rejections(long total, List<ReasonCount> byReason, long waiting) {}

    public record ReasonCount(String reason, long count) {}

    /** The same figures under another version and generation time. */
    Snapshot withVersion(long newVersion, String newGeneratedAt) {
        return new Snapshot(newVersion, month, year, lastChanged, newGeneratedAt, sources, province, districts,
                trend, rejections);
    }

    /** The same figures, with the sources' health replaced. */
    Snapshot withSources(Sources newSources) {
        return new Snapshot(version, month, year, lastChanged, generatedAt, newSources, province, districts,
                trend, rejections);
    }

    /** Whether two snapshots show the same thing (version and generation time aside). */
    boolean sameFiguresAs(Snapshot other) {
        return other != null && withVersion(0, "").equals(other.withVersion(0, ""));
    }
}
