package vn.chibo.pulse.bench.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import vn.chibo.pulse.producers.simulator.SimulatedEvent;

/** Everything one run measured; a figure left null was not measured (its phase was off or failed). */
public final class Results {
    /**
     * A phase stopped by the time limit: how far the pipeline got — {@code done} of {@code total}
     * events read by the streams app, and {@code ownLeft} records of its own (repartition) topics
     * still to read — in {@code seconds}, and how long the whole would take at that pace.
     */
    public record Unfinished(double limitSeconds, long done, long total, double seconds, long ownLeft, double projectedSeconds) {
        /**
         * Projects the whole from the records the streams app has read of all it will read: the
         * events, and the records of its own topics at as many per event as so far (counted alike:
         * reading the events faster than their consequences would otherwise look like progress,
         * while the records pile up in its own topics).
         *
         * @param ownRead records of its own topics read so far
         */
        public static Unfinished of(double limitSeconds, double seconds, long done, long total, long ownRead, long ownLeft) {
            double projected = Double.NaN;
            if (done > 0) {
                double ownPerEvent = (double) (ownRead + ownLeft) / done;
                projected = seconds * (total * (1 + ownPerEvent)) / (done + ownRead);
            }
            return new Unfinished(limitSeconds, done, total, seconds, ownLeft, projected);
        }

        public double eventsPerSecond() {
            return done / seconds;
        }

        /** "did not finish in 10 min: 1,234 of 5,678 events, projected 46 min". */
        public String describe() {
            return "did not finish in " + Report.minutes(limitSeconds) + ": " + Report.count(done) + " of " + Report.count(total)
                    + " events" + (ownLeft > 0 ? " (and " + Report.count(ownLeft) + " records of the app's own topics to read)" : "")
                    + ", projected " + (Double.isNaN(projectedSeconds) ? "unknown (nothing done)" : Report.minutes(projectedSeconds));
        }
    }

    /**
     * Throughput of a batch published at full speed until PostgreSQL reflected all of it:
     * {@code events} in {@code seconds} from the first send to the sink's last commit, of which
     * {@code measuredEvents} in {@code measuredSeconds} once the first copy had warmed the pipeline
     * up (the whole when there is one copy). With {@code unfinished}, the pace of the part done
     * before the time limit.
     */
    public record Throughput(long events, double seconds, double publishSeconds, Unfinished unfinished,
                             long measuredEvents, double measuredSeconds) {
        public Throughput(long events, double seconds, double publishSeconds) {
            this(events, seconds, publishSeconds, null, events, seconds);
        }

        /** The pipeline's pace: warm, or so far when stopped by the time limit. */
        public double eventsPerSecond() {
            return unfinished != null ? unfinished.eventsPerSecond() : measuredEvents / measuredSeconds;
        }

        /** The pace over the whole batch, warm-up included. */
        public double wholeEventsPerSecond() {
            return events / seconds;
        }

        public boolean warmedUp() {
            return measuredEvents < events;
        }

        public boolean finished() {
            return unfinished == null;
        }
    }

    /**
     * The replay: the pipeline started fresh on the event log and timed until PostgreSQL reflected
     * it; with {@code unfinished}, stopped by the time limit.
     */
    public record Replay(String scale, long events, double loadSeconds, double seconds, long membersActive,
                         long expectedMembersActive, String rejections, boolean referenceFirst, Unfinished unfinished) {
        public Replay(String scale, long events, double loadSeconds, double seconds, long membersActive,
                      long expectedMembersActive, String rejections, boolean referenceFirst) {
            this(scale, events, loadSeconds, seconds, membersActive, expectedMembersActive, rejections, referenceFirst, null);
        }

        public double eventsPerSecond() {
            return unfinished != null ? unfinished.eventsPerSecond() : events / seconds;
        }

        public boolean finished() {
            return unfinished == null;
        }
    }

    /**
     * {@code ./pulse reconcile} run once on the replayed pipeline, in a JVM of its own: wall time (JVM
     * start included), peak resident memory, exit status (0 agreed) and its verdict line.
     */
    public record Reconcile(double seconds, long peakRssBytes, int exitStatus, String verdict) {}

    /** Peak memory of each process of one stack, in bytes, and the peak of their sum at one instant. */
    public record Memory(Map<String, Long> peaks, long peakTotalAtOnce) {
        public long sumOfPeaks() {
            return peaks.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public String command;
    public String scale;
    public String startedAt;
    public double runSeconds;
    public Map<String, String> machine = new LinkedHashMap<>();
    public String postgres;
    public String loadBefore;
    public String loadAfter;
    public boolean embeddedPostgres;

    public int batchCopies = 1;
    public long batchEvents;
    public long batchBytes;
    public String batchPeriod;
    public Map<SimulatedEvent.Phase, Integer> batchPhases = new TreeMap<>();
    public long referenceEvents;
    public long expectedMembersActive = -1;
    public long pipelineMembersActive = -1;
    public String pipelineRejections;

    /** CPU seconds each process used while the pipeline worked through the batch. */
    public final Map<String, Double> batchCpuSeconds = new LinkedHashMap<>();
    /** Records (and bytes) in Kafka after the batch, per kind of topic. */
    public final Map<String, KafkaWrites.Volume> kafkaWrites = new LinkedHashMap<>();

    public RawLimit.Result raw;
    public Throughput pipeline;
    public SustainedRate.Result sustained;
    public Freshness.Result nominal;
    public Freshness.Result loaded;
    public NaivePeer.Result naive;
    public Replay replay;
    /** Each level read whole after the replay. */
    public LevelReads.Result levels;
    /** CPU seconds each process used while the pipeline worked through the replay. */
    public final Map<String, Double> replayCpuSeconds = new LinkedHashMap<>();
    /** Records (and bytes) in Kafka after the replay, per kind of topic. */
    public final Map<String, KafkaWrites.Volume> replayKafkaWrites = new LinkedHashMap<>();
    public Reconcile reconcile;
    public Memory liveMemory;
    public Memory replayMemory;
    public final Map<String, JfrProfile.Summary> profiles = new LinkedHashMap<>();
    /** Phase → why it was not run, for phases left out because of an earlier one (not failures). */
    public final Map<String, String> notRun = new LinkedHashMap<>();
    /** Phase → what went wrong, for phases that failed. */
    public final Map<String, String> failures = new LinkedHashMap<>();
}
