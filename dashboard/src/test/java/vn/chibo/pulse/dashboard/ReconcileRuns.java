package vn.chibo.pulse.dashboard;

import java.sql.SQLException;

/**
 * pulse_reconcile.runs as ./pulse reconcile creates and writes it (docs/reconcile.md, "The table
 * pulse_reconcile.runs"), written by hand so that the board's tests need not run reconcile.
 */
final class ReconcileRuns {

    private ReconcileRuns() {}

    /** As reconcile's first run leaves the database, grant to the analysts included. */
    static void create(SmallProvince province) throws SQLException {
        province.execute("create schema if not exists pulse_reconcile",
                """
                create table if not exists pulse_reconcile.runs (
                    id            bigint generated always as identity primary key,
                    started_at    timestamptz not null,
                    finished_at   timestamptz not null,
                    agreed        boolean,
                    differences   integer     not null,
                    cells_checked bigint      not null,
                    events_read   bigint      not null,
                    note          text
                )""",
                "create index if not exists runs_finished_at on pulse_reconcile.runs (finished_at)",
                "grant usage on schema pulse_reconcile to pulse_analyst",
                "grant select on pulse_reconcile.runs to pulse_analyst");
    }

    /** As before reconcile ever ran. */
    static void drop(SmallProvince province) throws SQLException {
        province.execute("drop schema if exists pulse_reconcile cascade");
    }

    /** One run that finished at {@code finishedAt} (ISO-8601); {@code agreed} "null" for no verdict. */
    static void record(SmallProvince province, String finishedAt, String agreed, int differences, long cells)
            throws SQLException {
        province.execute("insert into pulse_reconcile.runs (started_at, finished_at, agreed, differences, "
                + "cells_checked, events_read, note) values ('" + finishedAt + "'::timestamptz - interval '27 seconds', '"
                + finishedAt + "', " + agreed + ", " + differences + ", " + cells + ", 253713, 'waited 2.1 s')");
    }
}
