package vn.chibo.pulse.bench.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;

import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.BranchKind;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MeetingRecorded;
import vn.chibo.pulse.events.ReferenceEvent;
import vn.chibo.pulse.producers.CommunePublisher;

/**
 * Freshness: how long after an event is published its effect shows in PostgreSQL, under a steady
 * load. A probe branch in a district of its own records one meeting again and again with a rising
 * revision, the revision {@code i} expecting {@code i} members; all revisions share a key, so they
 * stay in order, and {@code reporting.branch_monthly.members_expected} of the probe branch reads
 * {@code i} exactly when probe {@code i} (and every one before it) is visible. That row is what the
 * sink writes; the commune, district and province relations are views adding it up when read, so it
 * shows there at the same moment, and reading the row itself keeps a poll every few milliseconds
 * from costing the database a sum over every branch. A poller reads that row every few milliseconds; a probe's freshness is the time from just before it was handed to
 * the publisher to the first read that shows it.
 */
public final class Freshness {

    /** The probe's district, commune, branch and meeting. */
    public record Probe(String district, String commune, String branch, String meeting, LocalDate date) {
        public static Probe named(String label, LocalDate date) {
            String d = "ZZ-PROBE-" + label;
            return new Probe(d, d + "-C", d + "-B", d + "-MEETING", date);
        }

        /** Reference data the probe needs, published before the run. */
        public List<SpecificRecord> reference() {
            return List.of(
                    new ReferenceEvent("ref-" + district, new District(district, "Bench probe " + district)),
                    new ReferenceEvent("ref-" + commune, new Commune(commune, "Bench probe commune", district)),
                    new ReferenceEvent("ref-" + branch, new Branch(branch, "Bench probe branch", commune, BranchKind.OTHER)));
        }

        MeetingEvent revision(int i) {
            return new MeetingEvent(meeting + "-r" + i, MeetingRecorded.newBuilder()
                    .setMeetingId(meeting).setBranchId(branch).setDate(date).setKind(MeetingKind.THEMATIC)
                    .setRevision(i).setMembersExpected(i).setMembersPresent(0).setAbsentUnexcused(List.of())
                    .setSuperiorAttended(false).setSelfCriticism(false).build());
        }
    }

    /**
     * One run's figures.
     *
     * @param backlogSamples records left for the streams app and the sink, sampled every second
     */
    public record Result(double targetRate, double achievedRate, double seconds, long loadEvents, int probes, int seen,
                         Percentiles latenciesMs, double[] backlogSamples, double backlogSlope) {
        public double backlogMeanFirstHalf() {
            return mean(0, backlogSamples.length / 2);
        }

        public double backlogMeanSecondHalf() {
            return mean(backlogSamples.length / 2, backlogSamples.length);
        }

        /** The pipeline kept up with the load: see {@link SustainedRate#keepsUp}. */
        public boolean keptUp() {
            return SustainedRate.keepsUp(targetRate, backlogSlope, backlogMeanSecondHalf());
        }

        private double mean(int from, int to) {
            double s = 0;
            for (int i = from; i < to; i++) {
                s += backlogSamples[i];
            }
            return to > from ? s / (to - from) : 0;
        }
    }

    private Freshness() {}

    /**
     * Publishes {@code load} at {@code rate} events/s for {@code warmup} and then {@code duration}
     * (fewer if the load runs out) and a probe every {@code probeInterval}, and measures the
     * freshness of the probes sent after the warm-up, when the load is steady (the first seconds
     * after a change of load are not: see docs/bench.md); writes every probe's, the warm-up's too,
     * to {@code probeLog} (CSV: when it was sent into the run, its freshness).
     */
    public static Result run(Probe probe, CommunePublisher probes, Producer<byte[], byte[]> producer, EventBatch load,
                             double rate, Duration warmup, Duration duration, Duration probeInterval, Duration pollInterval,
                             Connection poll, Drain drain, Path probeLog) throws Exception {
        int maxProbes = (int) ((warmup.toMillis() + duration.toMillis()) / probeInterval.toMillis()) + 1;
        long[] sentNanos = new long[maxProbes + 1];
        double[] latencyMs = new double[maxProbes + 1];
        AtomicInteger probesSent = new AtomicInteger();
        AtomicInteger probesSeen = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();

        Thread poller = new Thread(() -> {
            try (PreparedStatement read = poll.prepareStatement(
                    "SELECT members_expected FROM reporting.branch_monthly WHERE branch_id = ? AND month = ?")) {
                read.setString(1, probe.branch());
                read.setDate(2, Date.valueOf(probe.date().withDayOfMonth(1)));
                while (true) {
                    int visible = readCount(read);
                    long now = System.nanoTime();
                    int seen = probesSeen.get();
                    for (int i = seen + 1; i <= visible && i <= probesSent.get(); i++) {
                        latencyMs[i] = (now - sentNanos[i]) / 1e6;
                        probesSeen.set(i);
                    }
                    if (stop.get() && probesSeen.get() >= probesSent.get()) {
                        return;
                    }
                    LockSupport.parkNanos(pollInterval.toNanos());
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "bench-freshness-poller");

        Thread prober = new Thread(() -> {
            try {
                long start = System.nanoTime();
                for (int i = 1; i <= maxProbes && !stop.get(); i++) {
                    long due = start + (i - 1) * probeInterval.toNanos();
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (stop.get()) {
                        break;
                    }
                    sentNanos[i] = System.nanoTime();
                    probesSent.set(i);
                    probes.publish(probe.revision(i)).whenComplete((m, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "bench-freshness-probes");

        List<Double> backlog = new ArrayList<>();
        List<Double> backlogAt = new ArrayList<>();
        long started = System.nanoTime();
        poller.start();
        PacedLoad pacer = PacedLoad.start(producer, load, rate);
        prober.start();
        long steady = started + warmup.toNanos();
        long end = steady + duration.toNanos();
        long loadBeforeSteady = -1;
        while (System.nanoTime() < end && failure.get() == null && pacer.failure() == null && pacer.running()) {
            long tick = System.nanoTime();
            if (tick < steady) {
                Thread.sleep(Math.max(1, Math.min(20, (steady - tick) / 1_000_000)));
                continue;
            }
            if (loadBeforeSteady < 0) {
                loadBeforeSteady = pacer.sent();
            }
            Drain.Backlog b = drain.backlog();
            backlog.add((double) b.total());
            backlogAt.add((tick - steady) / 1e9);
            long next = tick + 1_000_000_000L;
            while (System.nanoTime() < Math.min(next, end) && failure.get() == null) {
                Thread.sleep(20);
            }
        }
        double seconds = (System.nanoTime() - steady) / 1e9;
        long loadSteady = pacer.sent() - Math.max(0, loadBeforeSteady);
        stop.set(true);
        pacer.close();
        failure.compareAndSet(null, pacer.failure());
        prober.join();
        producer.flush();
        probes.flush();
        poller.join(Duration.ofSeconds(60).toMillis());
        if (poller.isAlive()) {
            stop.set(true);
            poller.interrupt();
            throw new IllegalStateException("probe " + (probesSeen.get() + 1) + " of " + probesSent.get()
                    + " did not show in PostgreSQL within 60 s after the load stopped");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("freshness run failed: " + failure.get(), failure.get());
        }
        int sent = probesSent.get();
        List<Double> counted = new ArrayList<>();
        StringBuilder csv = new StringBuilder("probe,sent_at_s,freshness_ms,warmup\n");
        for (int i = 1; i <= sent; i++) {
            boolean warming = sentNanos[i] < steady;
            if (!warming) {
                counted.add(latencyMs[i]);
            }
            csv.append(String.format(Locale.ROOT, "%d,%.3f,%.1f,%b%n", i, (sentNanos[i] - started) / 1e9, latencyMs[i], warming));
        }
        double[] latencies = counted.stream().mapToDouble(Double::doubleValue).toArray();
        Files.writeString(probeLog, csv, StandardCharsets.UTF_8);
        double[] samples = backlog.stream().mapToDouble(Double::doubleValue).toArray();
        double[] at = backlogAt.stream().mapToDouble(Double::doubleValue).toArray();
        return new Result(rate, loadSteady / seconds, seconds, loadSteady, latencies.length, latencies.length,
                new Percentiles(latencies), samples, Percentiles.slope(at, samples));
    }

    private static int readCount(PreparedStatement read) throws SQLException {
        try (ResultSet rs = read.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
