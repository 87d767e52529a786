package vn.chibo.pulse.bench.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.Producer;

/**
 * The largest rate the pipeline sustains without its backlog growing, found as the words say: the
 * continuing simulation is sent at a steady rate, from a first guess (the pace at which it works
 * through a backlog) down by 15 % a step, until the pipeline keeps up with a rate: its backlog —
 * records left for the streams app, in its own topics, and for the sink, sampled every second —
 * has no upward trend and stays under a second's input. (A saturated pipeline need not show a
 * trend: its backlog climbs to several seconds' worth in the first seconds and then swings about
 * there, which is not keeping up.)
 * Working through a backlog is easier than keeping up with a steady flow (the polls are full), and
 * the batch is richer in cheap registrations than live traffic is, so the first guess is often too
 * high. Each step starts from an empty backlog.
 */
public final class SustainedRate {
    static final double STEP = 0.85;
    static final int MAX_STEPS = 8;
    /** The backlog a pipeline that keeps up may hold, in seconds of input. */
    static final double MAX_BACKLOG_SECONDS = 1.0;

    /**
     * One rate tried: the backlog's trend (least-squares slope, records/s) over the measured window,
     * where it stood at the start and the end of it, and its mean over the window's second half.
     */
    public record Step(double targetRate, double achievedRate, double seconds, double backlogStart, double backlogEnd,
                       double slope, double backlogLateMean) {
        public boolean keepsUp() {
            return SustainedRate.keepsUp(targetRate, slope, backlogLateMean);
        }
    }

    /**
     * A pipeline keeps up with {@code rate} events/s if its backlog's trend adds at most 1 % of the
     * input a second and its level late in the run is under {@link #MAX_BACKLOG_SECONDS} of input.
     */
    public static boolean keepsUp(double rate, double slope, double lateMeanBacklog) {
        return slope <= 0.01 * rate && lateMeanBacklog <= rate * MAX_BACKLOG_SECONDS;
    }

    /** The rate sustained (the last step, achieved rate; NaN if none held) and every step tried. */
    public record Result(double eventsPerSecond, List<Step> steps) {
        public boolean found() {
            return !Double.isNaN(eventsPerSecond);
        }
    }

    /** What the search needs from the run: the load, the backlog, and a way to let the pipeline catch up. */
    interface Run {
        /** The next {@code n} events of the continuing simulation. */
        EventBatch load(int n);

        /** Records left now for the streams app and the sink together. */
        long backlog() throws Exception;

        /** Returns once the pipeline has worked through what it was sent. */
        void settle() throws Exception;
    }

    private SustainedRate() {}

    static Result search(double firstGuess, Duration warmup, Duration window, Producer<byte[], byte[]> producer, Run run,
                         Consumer<String> say) throws Exception {
        List<Step> steps = new ArrayList<>();
        double rate = firstGuess;
        for (int i = 0; i < MAX_STEPS; i++) {
            run.settle();
            Step step = step(rate, warmup, window, producer, run);
            steps.add(step);
            say.accept(String.format(java.util.Locale.ROOT,
                    "sustained rate: %s %s (backlog %s → %s records, %+.0f records/s, %.1f s of input late in the run)",
                    Report.rate(step.targetRate()), step.keepsUp() ? "kept up" : "fell behind",
                    Report.count(Math.round(step.backlogStart())), Report.count(Math.round(step.backlogEnd())), step.slope(),
                    step.backlogLateMean() / step.targetRate()));
            if (step.keepsUp()) {
                run.settle();
                return new Result(step.achievedRate(), steps);
            }
            rate *= STEP;
        }
        run.settle();
        return new Result(Double.NaN, steps);
    }

    /** Mean of the second half of the samples. */
    static double lateMean(double[] samples) {
        double sum = 0;
        int from = samples.length / 2;
        for (int i = from; i < samples.length; i++) {
            sum += samples[i];
        }
        return samples.length - from == 0 ? 0 : sum / (samples.length - from);
    }

    private static Step step(double rate, Duration warmup, Duration window, Producer<byte[], byte[]> producer, Run run)
            throws Exception {
        double seconds = warmup.toMillis() / 1000.0 + window.toMillis() / 1000.0;
        EventBatch load = run.load((int) Math.ceil(rate * seconds * 1.05));
        if (load.size() < rate * seconds) {
            throw new IllegalStateException("the simulation holds " + load.size() + " more events, fewer than "
                    + Math.round(rate * seconds) + " for " + Report.rate(rate) + " over " + seconds + " s");
        }
        List<Double> at = new ArrayList<>();
        List<Double> backlog = new ArrayList<>();
        long started = System.nanoTime();
        long steady = started + warmup.toNanos();
        long end = steady + window.toNanos();
        long sentAtSteady = -1;
        try (PacedLoad pacer = PacedLoad.start(producer, load, rate)) {
            long next = steady;
            while (System.nanoTime() < end && pacer.running() && pacer.failure() == null) {
                long now = System.nanoTime();
                if (now < next) {
                    Thread.sleep(Math.max(1, Math.min(50, (next - now) / 1_000_000)));
                    continue;
                }
                if (sentAtSteady < 0) {
                    sentAtSteady = pacer.sent();
                }
                at.add((now - steady) / 1e9);
                backlog.add((double) run.backlog());
                next += 1_000_000_000L;
            }
            double measured = (System.nanoTime() - steady) / 1e9;
            long sent = pacer.sent() - Math.max(0, sentAtSteady);
            if (pacer.failure() != null) {
                throw new IllegalStateException("sending the load failed: " + pacer.failure(), pacer.failure());
            }
            double[] x = at.stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = backlog.stream().mapToDouble(Double::doubleValue).toArray();
            return new Step(rate, sent / measured, measured, y.length == 0 ? 0 : y[0], y.length == 0 ? 0 : y[y.length - 1],
                    Percentiles.slope(x, y), lateMean(y));
        } finally {
            producer.flush();
        }
    }
}
