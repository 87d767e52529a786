package vn.chibo.pulse.sink.internal;

import java.time.Clock;
import java.time.Instant;
import vn.chibo.pulse.sink.SinkHealth;
import vn.chibo.pulse.sink.SinkHealth.Status;

/** The sink's health, written by its loop and read from any thread. */
public final class HealthState {

    private final Clock clock;
    private Status status = Status.STARTING;
    private String problem;
    private Instant since;
    private Instant lastCommitAt;
    private long recordsApplied;
    private long deadLetters;
    private long lag = -1;
    private int partitions;

    public HealthState(Clock clock) {
        this.clock = clock;
        this.since = clock.instant();
    }

    public synchronized SinkHealth snapshot() {
        return new SinkHealth(status, problem, since, lastCommitAt, recordsApplied, deadLetters, lag, partitions);
    }

    public synchronized Status status() {
        return status;
    }

    public synchronized void running() {
        move(Status.RUNNING, null);
    }

    public synchronized void retrying(String problem) {
        move(Status.RETRYING, problem);
    }

    public synchronized void failed(String problem) {
        move(Status.FAILED, problem);
    }

    public synchronized void stopped() {
        if (status != Status.FAILED) {
            move(Status.STOPPED, null);
        }
    }

    public synchronized void committed(int records, int letters, long lag) {
        lastCommitAt = clock.instant();
        recordsApplied += records;
        deadLetters += letters;
        this.lag = lag;
        move(Status.RUNNING, null);
    }

    public synchronized void lag(long lag) {
        this.lag = lag;
    }

    /** How many aggregate partitions the group gave this sink (the sinks of one name share them). */
    public synchronized void partitions(int partitions) {
        this.partitions = partitions;
    }

    public synchronized int partitions() {
        return partitions;
    }

    private void move(Status next, String why) {
        if (next != status) {
            since = clock.instant();
        }
        status = next;
        problem = why;
    }
}
