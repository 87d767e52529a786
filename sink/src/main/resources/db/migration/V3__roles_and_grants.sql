-- Two group roles (NOLOGIN): people and services get them by membership, e.g.
--   CREATE ROLE alice LOGIN PASSWORD '…' IN ROLE pulse_analyst;
--   CREATE ROLE sink  LOGIN PASSWORD '…' IN ROLE pulse_writer;
--
-- Roles belong to the whole cluster, not to this database: another database of the same server
-- may be creating them at this very moment (tests run in parallel, one database each). So
-- create them only when missing, and treat "someone else was first" as success. Comments on
-- roles are cluster-wide too and would race the same way; docs/sink.md describes the roles.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'pulse_analyst') THEN
        BEGIN
            CREATE ROLE pulse_analyst NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- created concurrently by another database's migration
        END;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'pulse_writer') THEN
        BEGIN
            CREATE ROLE pulse_writer NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
END
$$;

-- Analysts: read everything in reporting, now and later; nothing else.
GRANT USAGE ON SCHEMA reporting TO pulse_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO pulse_analyst;
ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO pulse_analyst;

-- The sink: write the four tables and its own bookkeeping; no DDL (migrations run as the owner).
GRANT USAGE ON SCHEMA reporting TO pulse_writer;
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO pulse_writer;
GRANT INSERT, UPDATE, DELETE ON reporting.districts, reporting.district_current,
      reporting.district_monthly, reporting.district_yearly TO pulse_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO pulse_writer;
GRANT USAGE ON SCHEMA pulse_sink TO pulse_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON pulse_sink.kafka_offsets, pulse_sink.dead_letters TO pulse_writer;
