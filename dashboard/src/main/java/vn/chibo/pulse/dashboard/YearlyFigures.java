package vn.chibo.pulse.dashboard;

/** Grades and members at risk of one district in one year (topic pulse.district-yearly). */
public record YearlyFigures(
        String districtCode,
        int year,
        int gradedExcellent,
        int gradedGood,
        int gradedCompleted,
        int gradedNotCompleted,
        int membersAtRisk) {

    public static YearlyFigures none(String districtCode, int year) {
        return new YearlyFigures(districtCode, year, 0, 0, 0, 0, 0);
    }
}
