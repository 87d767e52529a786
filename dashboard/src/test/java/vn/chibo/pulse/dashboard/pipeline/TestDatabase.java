package vn.chibo.pulse.dashboard.pipeline;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own on the machine's PostgreSQL (PULSE_TEST_PG_URL, default
 * jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres), created for one test class and dropped after.
 */
public final class TestDatabase implements AutoCloseable {

    private final String adminUrl;
    private final String name;
    private final String url;

    private TestDatabase(String adminUrl, String name, String url) {
        this.adminUrl = adminUrl;
        this.name = name;
        this.url = url;
    }

    public static TestDatabase create() throws SQLException {
        String admin = System.getenv().getOrDefault("PULSE_TEST_PG_URL",
                "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        String name = "pulse_dashboard_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
        return new TestDatabase(admin, name, withDatabase(admin, name));
    }

    /** The JDBC URL of the test's database (user and password, if any, in its query). */
    public String url() {
        return url;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    public void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        }
    }

    static String withDatabase(String jdbcUrl, String database) {
        int q = jdbcUrl.indexOf('?');
        String base = q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
        String query = q < 0 ? "" : jdbcUrl.substring(q);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + query;
    }
}
