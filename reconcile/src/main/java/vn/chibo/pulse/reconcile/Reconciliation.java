package vn.chibo.pulse.reconcile;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.reconcile.db.ReportingDatabase;
import vn.chibo.pulse.reconcile.db.RunLog;
import vn.chibo.pulse.reconcile.kafka.EventLog;
import vn.chibo.pulse.reconcile.kafka.PipelineWatch;
import vn.chibo.pulse.reconcile.ledger.ExpectedRelations;
import vn.chibo.pulse.reconcile.ledger.IndependentLedger;
import vn.chibo.pulse.reconcile.relations.RelationComparison;
import vn.chibo.pulse.reconcile.relations.RelationShape;
import vn.chibo.pulse.launch.Secrets;

/**
 * One reconciliation: read the event log up to its end now, wait for the pipeline to have
 * caught up with that point, read the database in one snapshot, and compare. When events
 * arrived meanwhile the snapshot may hold them, so it reads on and tries again until a snapshot
 * is taken with no event after the part of the log read (or the timeout).
 */
public final class Reconciliation {

    /** Kafka, the registry or PostgreSQL could not be reached. */
    public static final class ConnectionFailure extends Exception {
        ConnectionFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ReconcileSettings settings;
    private final PrintStream progress;

    /** @param progress where the progress bar goes, or null */
    public Reconciliation(ReconcileSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public Outcome run() throws ConnectionFailure, InterruptedException {
        Instant started = Instant.now();
        Instant deadline = started.plus(settings.timeout());
        checkRegistry();
        List<String> notes = new ArrayList<>();
        IndependentLedger ledger = new IndependentLedger();
        try (ReportingDatabase db = connect();
             EventLog log = new EventLog(settings.kafkaBootstrap(), settings.registryUrl());
             PipelineWatch watch = new PipelineWatch(settings.kafkaBootstrap(), settings.settle())) {
            boolean caughtUp = true;
            List<RelationComparison.Result> results;
            while (true) {
                Map<TopicPartition, Long> ends = log.endOffsets();
                log.readUpTo(ends, ledger, progress);
                if (settings.awaitPipeline()) {
                    caughtUp = awaitPipeline(watch, db, ends, deadline, notes);
                }
                results = db.compare(RelationShape.ALL, shape -> ExpectedRelations.of(ledger, shape), settings.keep());
                if (!caughtUp || !settings.awaitPipeline() || log.endOffsets().equals(ends)) {
                    break;
                }
                if (Instant.now().isAfter(deadline)) {
                    caughtUp = false;
                    notes.add("events kept arriving until the timeout; the database may hold some that were not read");
                    break;
                }
                notes.add("events arrived while waiting for the pipeline; read them too and waited again");
            }
            compareRefusals(ledger, results, notes);
            Outcome outcome = new Outcome(started, Instant.now(), log.readPerTopic(), caughtUp, results, notes);
            RunLog.record(db.connection(), new RunLog.Run(outcome.startedAt(), outcome.finishedAt(), outcome.agreed(),
                    outcome.differences(), outcome.cellsChecked(), outcome.eventsRead(), String.join("; ", notes)));
            return outcome;
        } catch (SQLException e) {
            throw new ConnectionFailure("PostgreSQL at " + Secrets.maskedUrl(settings.pgUrl()) + ": " + e.getMessage(), e);
        } catch (KafkaException | IllegalStateException e) {
            throw new ConnectionFailure("Kafka at " + settings.kafkaBootstrap() + " or PostgreSQL: " + e.getMessage(), e);
        }
    }

    private boolean awaitPipeline(PipelineWatch watch, ReportingDatabase db, Map<TopicPartition, Long> ends,
                                  Instant deadline, List<String> notes) throws InterruptedException {
        if (!watch.awaitStreams(settings.applicationId(), ends, deadline) || !awaitNothingWaiting(deadline)) {
            notes.add("the streams app (group " + settings.applicationId() + ") had not consumed the event log up to "
                    + "the offsets read, or still held events waiting for reference data, after " + settings.timeout().toSeconds()
                    + " s: the pipeline is behind, no verdict");
            return false;
        }
        Map<TopicPartition, Long> aggregateEnds = watch.endOffsets(Topics.AGGREGATES);
        if (!watch.awaitSink(() -> db.sinkOffsets(settings.sinkName()), aggregateEnds, deadline)) {
            notes.add("the sink (" + settings.sinkName() + ") had not written the aggregate topics up to their ends after "
                    + settings.timeout().toSeconds() + " s: the pipeline is behind, no verdict");
            return false;
        }
        return true;
    }

    /**
     * Events the streams app holds back for reference data are consumed but neither counted nor
     * refused yet: wait until it holds none (they end either way within its reference.wait.ms).
     */
    private boolean awaitNothingWaiting(Instant deadline) throws InterruptedException {
        if (settings.streamsUrl() == null || settings.streamsUrl().isBlank()) {
            return true;
        }
        while (Instant.now().isBefore(deadline)) {
            try {
                if (StreamsRefusals.fetch(settings).waiting() == 0) {
                    return true;
                }
            } catch (IOException | IllegalArgumentException e) {
                return true; // compareRefusals says that the streams app did not answer
            }
            Thread.sleep(500);
        }
        return false;
    }


    private void compareRefusals(IndependentLedger ledger, List<RelationComparison.Result> results, List<String> notes)
            throws InterruptedException {
        if (settings.streamsUrl() == null || settings.streamsUrl().isBlank()) {
            notes.add("refusal counts not compared: no streams URL (--streams-url, PULSE_STREAMS_URL or streams.url)");
            return;
        }
        try {
            StreamsRefusals.Answer answer = StreamsRefusals.fetch(settings);
            if (answer.waiting() > 0) {
                notes.add(answer.waiting() + " events wait in the streams app for reference data: its refusal counts are not final");
            }
            results.add(RelationComparison.compare(StreamsRefusals.of(ledger.refusals().byReason()), answer.byReason(),
                    settings.keep()));
        } catch (IOException | IllegalArgumentException e) {
            notes.add("refusal counts not compared: the streams app at " + settings.streamsUrl() + " did not answer (" + e.getMessage() + ")");
        }
    }

    private ReportingDatabase connect() throws ConnectionFailure {
        try {
            return ReportingDatabase.connect(settings.pgUrl(), settings.pgUser(), settings.pgPassword());
        } catch (SQLException e) {
            throw new ConnectionFailure("cannot connect to PostgreSQL at " + Secrets.maskedUrl(settings.pgUrl()) + ": " + e.getMessage(), e);
        }
    }

    /** Without the registry every record would look undecodable: refuse to start instead. */
    private void checkRegistry() throws ConnectionFailure, InterruptedException {
        String url = settings.registryUrl().replaceAll("/+$", "") + "/subjects";
        try {
            HttpResponse<Void> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                            HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                throw new IOException("answered " + r.statusCode());
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConnectionFailure("cannot reach the schema registry at " + settings.registryUrl() + ": " + e, e);
        }
    }
}
