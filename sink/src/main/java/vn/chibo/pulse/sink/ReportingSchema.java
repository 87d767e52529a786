package vn.chibo.pulse.sink;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The analysts' database as versioned Flyway migrations (classpath {@code db/migration}): schema
 * {@code reporting} with the relations of SPEC.md §4 and derived views, the roles
 * {@code pulse_analyst} and {@code pulse_writer}, and the sink's private schema
 * {@code pulse_sink}, which also keeps Flyway's history.
 */
public final class ReportingSchema {

    /** Schema of the relations analysts query. */
    public static final String REPORTING = "reporting";
    /** Schema of the sink's bookkeeping (offsets, dead letters, migration history). */
    public static final String BOOKKEEPING = "pulse_sink";
    /** Read-only group role for analysts. */
    public static final String ANALYST_ROLE = "pulse_analyst";
    /** Group role that may write the reporting tables and the sink's bookkeeping. */
    public static final String WRITER_ROLE = "pulse_writer";

    private ReportingSchema() {}

    /**
     * Brings the database up to the latest version; safe to call from several processes at once
     * (Flyway takes a lock) and again and again. The user must be allowed to create schemas and
     * roles. Returns the number of migrations applied now.
     */
    public static int migrate(String jdbcUrl, String user, String password) {
        Flyway flyway = Flyway.configure(ReportingSchema.class.getClassLoader())
                .dataSource(jdbcUrl, emptyToNull(user), emptyToNull(password))
                .locations("classpath:db/migration")
                .schemas(BOOKKEEPING)
                .defaultSchema(BOOKKEEPING)
                .createSchemas(true)
                .placeholderReplacement(false)
                .load();
        MigrateResult result = flyway.migrate();
        return result.migrationsExecuted;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
