package vn.chibo.pulse.bench.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** The bench's own databases on one PostgreSQL server, made empty for each run. */
public final class Databases {
    private static final String SCHEME = "jdbc:postgresql://";

    private final String serverUrl;
    private final String user;
    private final String password;

    /** @param anyUrl a JDBC URL of any database of the server */
    public Databases(String anyUrl, String user, String password) {
        this.serverUrl = anyUrl;
        this.user = user;
        this.password = password;
    }

    /** The JDBC URL of database {@code name} on the same server, with the same parameters. */
    public String url(String name) {
        return withDatabase(serverUrl, name);
    }

    static String withDatabase(String url, String name) {
        if (!url.startsWith(SCHEME)) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        int slash = url.indexOf('/', SCHEME.length());
        int question = url.indexOf('?');
        String query = question < 0 ? "" : url.substring(question);
        String hostPort = slash < 0 ? (question < 0 ? url : url.substring(0, question)) : url.substring(0, slash);
        return hostPort + "/" + name + query;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Drops database {@code name} if it exists (disconnecting its sessions) and creates it empty. */
    public void recreate(String name) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            String quoted = "\"" + name.replace("\"", "\"\"") + "\"";
            s.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + quoted);
        }
    }

    public Connection connect(String name) throws SQLException {
        Properties p = new Properties();
        if (user != null && !user.isEmpty()) {
            p.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(url(name), p);
    }
}
