package vn.chibo.pulse.bench.internal;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of samples. */
public final class Percentiles {
    private final double[] sorted;

    public Percentiles(double[] samples) {
        this.sorted = samples.clone();
        Arrays.sort(sorted);
    }

    public int count() {
        return sorted.length;
    }

    /**
     * The smallest sample such that at least {@code p} percent of the samples are at most it
     * (nearest rank); NaN when there are no samples.
     */
    public double percentile(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    public double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    /** Least-squares slope of {@code y} over {@code x}; 0 with fewer than two points. */
    public static double slope(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return 0;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (x[i] - mx) * (y[i] - my);
            den += (x[i] - mx) * (x[i] - mx);
        }
        return den == 0 ? 0 : num / den;
    }
}
