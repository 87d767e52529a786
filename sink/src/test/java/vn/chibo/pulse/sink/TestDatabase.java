package vn.chibo.pulse.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import vn.chibo.pulse.stack.LocalPostgres;
import vn.chibo.pulse.stack.PrivateFiles;

/**
 * A database of its own, with a random name, dropped on close. It lives on an embedded PostgreSQL
 * (local-stack's {@link LocalPostgres}) that the first database of this JVM starts, in a temporary
 * directory on a free port, and a shutdown hook stops; or, when PULSE_TEST_PG_URL is set, on that
 * server (e.g. jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres, trust authentication).
 *
 * <p>{@link #url()} carries the credentials as parameters (user, and password on the embedded server),
 * so whatever is given it, a child JVM included, can connect; print it through {@link LocalPostgres#masked},
 * and give settings that get logged {@link #login()} instead.
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

    /** The server's {@code postgres} database as its superuser, credentials included. */
    public static String serverUrl() {
        return embedded() ? Embedded.SERVER_URL : System.getenv("PULSE_TEST_PG_URL");
    }

    /** Whether the tests run on this JVM's embedded server (PULSE_TEST_PG_URL unset). */
    private static boolean embedded() {
        String env = System.getenv("PULSE_TEST_PG_URL");
        return env == null || env.isBlank();
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
            throw new IllegalArgumentException("not a jdbc:postgresql URL: " + LocalPostgres.masked(serverUrl));
        }
        return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
    }

    /** JDBC URL of this database, as the server's superuser (credentials as parameters). */
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

    /**
     * This database as the server's superuser, the password beside the URL rather than in it: for
     * settings that get logged (configurations print their values, a password-typed one hidden).
     */
    public Login login() {
        return embedded() ? new Login(urlWithoutCredentials(), LocalPostgres.EMBEDDED_USER, Embedded.SUPERUSER_PASSWORD)
                : new Login(url, null, null);
    }

    /**
     * This database as another (login) role. On the embedded server, which asks every connection for a
     * password, the role is given this JVM's role password first: roles belong to the whole cluster, and
     * that cluster is this JVM's own. PULSE_TEST_PG_URL's server gets no password: it must trust local
     * connections, as before.
     */
    public Login loginAs(String role) throws SQLException {
        if (!embedded()) {
            return new Login(urlWithoutCredentials() + "?user=" + role, null, null);
        }
        // a literal, not a parameter: ALTER ROLE takes none; the password is base64url, so it needs no quoting
        execute("ALTER ROLE \"" + role.replace("\"", "\"\"") + "\" PASSWORD '" + Embedded.ROLE_PASSWORD + "'");
        return new Login(urlWithoutCredentials(), role, Embedded.ROLE_PASSWORD);
    }

    /** Connects as another (login) role, see {@link #loginAs}. */
    public Connection connectAs(String role) throws SQLException {
        return loginAs(role).connect();
    }

    private String urlWithoutCredentials() {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** A URL, with a user and a password beside it (both null: the URL carries what the server needs). */
    public record Login(String url, String user, String password) {

        public Connection connect() throws SQLException {
            Properties p = new Properties();
            if (user != null) {
                p.setProperty("user", user);
                p.setProperty("password", password);
            }
            return DriverManager.getConnection(url, p);
        }

        /** Puts the three into settings under these keys, user and password only when not null. */
        public void putInto(Map<? super String, ? super String> settings, String urlKey, String userKey, String passwordKey) {
            settings.put(urlKey, url);
            if (user != null) {
                settings.put(userKey, user);
                settings.put(passwordKey, password);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    /** This JVM's embedded server, started on first use (class initialisation: once, thread-safe). */
    private static final class Embedded {
        static final String SERVER_URL;
        static final String SUPERUSER_PASSWORD;
        static final String ROLE_PASSWORD = PrivateFiles.newSecret();

        static {
            Path dir;
            try {
                dir = Files.createTempDirectory("pulse-test-postgres");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LocalPostgres server = LocalPostgres.startEmbedded(dir.resolve("data"), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                deleteQuietly(dir);
            }, "test-postgres-stop"));
            SUPERUSER_PASSWORD = server.password();
            SERVER_URL = urlFor(server.url(), "postgres") + "?user=" + server.user() + "&password=" + SUPERUSER_PASSWORD;
        }

        private static void deleteQuietly(Path dir) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete the test PostgreSQL's directory " + dir + ": " + e.getMessage());
            }
        }
    }
}
