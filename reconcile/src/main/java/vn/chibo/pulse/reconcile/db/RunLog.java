package vn.chibo.pulse.reconcile.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;

/**
 * Each reconciliation, kept in PostgreSQL (schema pulse_reconcile, created here if missing: the
 * sink's migrations are not reconcile's) so that the board can show when the last one ran and
 * whether it agreed. Documented in docs/reconcile.md.
 */
public final class RunLog {

    /** What one run found. {@code agreed} null: it could not compare (the pipeline had not caught up). */
    public record Run(Instant startedAt, Instant finishedAt, Boolean agreed, long differences, long cellsChecked,
                      long eventsRead, String note) {}

    private static final String[] SCHEMA = {
        "CREATE SCHEMA IF NOT EXISTS pulse_reconcile",
        """
        CREATE TABLE IF NOT EXISTS pulse_reconcile.runs (
            id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            started_at    timestamptz NOT NULL,
            finished_at   timestamptz NOT NULL,
            agreed        boolean,
            differences   integer     NOT NULL,
            cells_checked bigint      NOT NULL,
            events_read   bigint      NOT NULL,
            note          text
        )""",
        "CREATE INDEX IF NOT EXISTS runs_finished_at ON pulse_reconcile.runs (finished_at)",
        "COMMENT ON TABLE pulse_reconcile.runs IS 'One row per ./pulse reconcile: when it ran and whether reporting agreed with the event log (agreed NULL: not compared)'",
        // The board reads as pulse_analyst where the sink's migrations created it.
        """
        DO $$ BEGIN
          IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pulse_analyst') THEN
            GRANT USAGE ON SCHEMA pulse_reconcile TO pulse_analyst;
            GRANT SELECT ON pulse_reconcile.runs TO pulse_analyst;
          END IF;
        END $$""",
    };

    private RunLog() {
    }

    public static void record(Connection c, Run run) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : SCHEMA) {
                s.execute(sql);
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO pulse_reconcile.runs "
                + "(started_at, finished_at, agreed, differences, cells_checked, events_read, note) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setTimestamp(1, Timestamp.from(run.startedAt()));
            p.setTimestamp(2, Timestamp.from(run.finishedAt()));
            if (run.agreed() == null) {
                p.setNull(3, Types.BOOLEAN);
            } else {
                p.setBoolean(3, run.agreed());
            }
            p.setLong(4, Math.min(run.differences(), Integer.MAX_VALUE));
            p.setLong(5, run.cellsChecked());
            p.setLong(6, run.eventsRead());
            p.setString(7, run.note());
            p.executeUpdate();
        }
    }
}
