#!/bin/sh
# Run by the postgres image as the superuser, once, on an empty data directory. Makes the login roles
# the services use, so none of them ever logs in as the superuser:
#   pulse_owner  owns the database; the migrate service applies the sink's migrations as it
#   sink         member of pulse_writer: writes the tables, no DDL
#   dashboard    member of pulse_analyst: reads schema reporting only
# The group roles are those of the sink's migration V3 (which creates them only when missing).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v db="$POSTGRES_DB" \
    -v owner_password="$PULSE_OWNER_PASSWORD" \
    -v sink_password="$PULSE_SINK_PASSWORD" \
    -v dashboard_password="$PULSE_DASHBOARD_PASSWORD" <<'SQL'
CREATE ROLE pulse_writer NOLOGIN;
CREATE ROLE pulse_analyst NOLOGIN;
CREATE ROLE pulse_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE sink LOGIN PASSWORD :'sink_password' IN ROLE pulse_writer;
CREATE ROLE dashboard LOGIN PASSWORD :'dashboard_password' IN ROLE pulse_analyst;
ALTER DATABASE :"db" OWNER TO pulse_owner;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO pulse_writer, pulse_analyst;
SQL
