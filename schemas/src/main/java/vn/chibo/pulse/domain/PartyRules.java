package vn.chibo.pulse.domain;

/**
 * The Party's own rules that turn facts into figures (SPEC §1 and §3 v2), written down once for
 * the streams app, the board and the tests.
 */
public final class PartyRules {
    private PartyRules() {}

    /** A member absent without reason from REGULAR meetings in this many distinct months of a year is at risk. */
    public static final int AT_RISK_MONTHS = 3;

    /** Lowest score of the good band (tốt). */
    public static final int QUALITY_GOOD = 80;
    /** Lowest score of the fair band (khá). */
    public static final int QUALITY_FAIR = 70;
    /** Lowest score of the average band (trung bình); below it a meeting is poor (kém). */
    public static final int QUALITY_AVERAGE = 50;
    public static final int QUALITY_MAX = 100;

    /** Quality bands of a meeting's score out of 100. */
    public enum QualityBand { GOOD, FAIR, AVERAGE, POOR }

    public static QualityBand band(int score) {
        if (score >= QUALITY_GOOD) {
            return QualityBand.GOOD;
        } else if (score >= QUALITY_FAIR) {
            return QualityBand.FAIR;
        } else if (score >= QUALITY_AVERAGE) {
            return QualityBand.AVERAGE;
        }
        return QualityBand.POOR;
    }
}
