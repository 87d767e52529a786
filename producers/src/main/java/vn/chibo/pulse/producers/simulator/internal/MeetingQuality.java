package vn.chibo.pulse.producers.simulator.internal;

import java.util.SplittableRandom;

import vn.chibo.pulse.domain.PartyRules;

/**
 * Quality scores of meetings out of 100 (SPEC v2): most branches hold fair or good meetings, a
 * few weak ones hold many poor meetings, so the poor scores cluster in some branches as they do
 * in the provinces' own reports. Drawn from a random source of its own, so that scoring leaves
 * the rest of a seed's events as they were.
 */
final class MeetingQuality {
    /** Share of branches whose meetings are weak. */
    static final double WEAK_BRANCHES = 0.06;
    /** Share of meetings the province does not score. */
    static final double NOT_SCORED = 0.05;
    private static final double WEAK_MEAN = 48;
    private static final double USUAL_MEAN = 80;
    private static final double BRANCH_SPREAD = 4;
    private static final double MEETING_SPREAD = 7;

    private final SplittableRandom rnd;
    private final double[] mean;

    MeetingQuality(long seed, int branches) {
        this.rnd = new SplittableRandom(seed ^ 0x5155_414c_4954_59L); // "QUALITY"
        this.mean = new double[branches];
        for (int b = 0; b < branches; b++) {
            mean[b] = (rnd.nextDouble() < WEAK_BRANCHES ? WEAK_MEAN : USUAL_MEAN) + BRANCH_SPREAD * gaussian();
        }
    }

    /** The score of a meeting of branch {@code b}, or null when it is not scored. */
    Integer score(int b) {
        if (rnd.nextDouble() < NOT_SCORED) {
            return null;
        }
        long s = Math.round(mean[b] + MEETING_SPREAD * gaussian());
        return (int) Math.max(0, Math.min(PartyRules.QUALITY_MAX, s));
    }

    private double gaussian() {
        double u = Math.max(rnd.nextDouble(), 1e-300);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
