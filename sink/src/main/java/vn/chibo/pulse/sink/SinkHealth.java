package vn.chibo.pulse.sink;

import java.time.Instant;

/**
 * What the sink is doing, as seen from outside.
 *
 * @param status            where the sink is in its life (only {@link Status#RUNNING} is healthy)
 * @param problem           the last failure while not healthy, else null
 * @param since             when the sink entered this status
 * @param lastCommitAt      when the last PostgreSQL transaction committed (null: none yet)
 * @param recordsApplied    records consumed and committed since start (collapsed ones included)
 * @param deadLetters       records sent to the dead-letter store since start
 * @param lag               records in the assigned partitions not yet read (as last seen by the consumer; -1 unknown)
 * @param partitions        aggregate partitions this sink writes (the sinks of one name share them)
 */
public record SinkHealth(Status status, String problem, Instant since, Instant lastCommitAt,
                         long recordsApplied, long deadLetters, long lag, int partitions) {

    public enum Status {
        /** Connecting and migrating for the first time. */
        STARTING,
        /** Consuming and writing. */
        RUNNING,
        /** PostgreSQL, Kafka or the registry is failing: holding the batch and retrying with backoff. */
        RETRYING,
        /** Closed. */
        STOPPED,
        /** Stopped on an error it cannot retry (see problem). */
        FAILED
    }

    public boolean healthy() {
        return status == Status.RUNNING;
    }

    /** One line of JSON, for the HTTP endpoint and logs. */
    public String toJson() {
        return "{\"status\":\"" + status + "\",\"healthy\":" + healthy()
                + ",\"problem\":" + quote(problem)
                + ",\"since\":" + quote(since == null ? null : since.toString())
                + ",\"lastCommitAt\":" + quote(lastCommitAt == null ? null : lastCommitAt.toString())
                + ",\"recordsApplied\":" + recordsApplied
                + ",\"deadLetters\":" + deadLetters
                + ",\"lag\":" + lag
                + ",\"partitions\":" + partitions + "}";
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
