package vn.chibo.pulse.sink;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database of its own, with a random name, on the machine's PostgreSQL (PULSE_TEST_PG_URL,
 * default jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres); dropped on close.
 */
public final class TestDatabase implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?");

    private final String adminUrl;
    private final String name;
    private final String url;

    private TestDatabase(String adminUrl, String name, String url) {
        this.adminUrl = adminUrl;
        this.name = name;
        this.url = url;
    }

    public static String serverUrl() {
        String env = System.getenv("PULSE_TEST_PG_URL");
        return env == null || env.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres" : env;
    }

    public static TestDatabase create(String purpose) throws SQLException {
        String admin = serverUrl();
        String name = ("pulse_sink_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new TestDatabase(admin, name, urlFor(admin, name));
    }

    /** The same server and parameters, another database. */
    public static String urlFor(String serverUrl, String database) {
        Matcher m = URL.matcher(serverUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql URL: " + serverUrl);
        }
        return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
    }

    /** JDBC URL of this database, with the credentials of PULSE_TEST_PG_URL. */
    public String url() {
        return url;
    }

    public String name() {
        return name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Runs statements in this database, each on its own. */
    public void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** JDBC URL of this database without credentials, for logging in as another role. */
    public String urlWithoutCredentials() {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** Connects as another role (the test server trusts local connections). */
    public Connection connectAs(String role) throws SQLException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", role);
        return DriverManager.getConnection(urlWithoutCredentials(), p);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
