package vn.chibo.pulse.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.chibo.pulse.launch.Secrets;

/**
 * The PostgreSQL server of the local stack: either one that already runs (named by a JDBC URL)
 * or one this process starts from the PostgreSQL binaries on Maven Central, so nothing has to
 * be installed on the machine.
 *
 * <p>The embedded server keeps its data directory between runs. Run as root, PostgreSQL refuses
 * to start; the embedded server then runs inside a new user namespace ({@code unshare -U}), where
 * it is not root, while its files stay owned by the calling user.
 *
 * <p>The embedded server asks for a password (scram-sha-256, also on 127.0.0.1: any local user could
 * otherwise connect as its superuser). The password is generated on first start and kept, readable by
 * the owner only, in {@code <data dir>.password} beside the data directory; a data directory made
 * before, with trust authentication, gets it on its next start.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);

    /** The database the pipeline uses on the embedded server. */
    public static final String DATABASE = "pulse";
    /** The superuser initdb creates on the embedded server (password authentication, see {@link #password()}). */
    public static final String EMBEDDED_USER = "postgres";
    private static final String AUTHENTICATION = "scram-sha-256";
    /** pg_hba.conf of the embedded server: TCP on the loopback only, every connection with a password. */
    private static final String PG_HBA = "# written by Chi Bộ Pulse (LocalPostgres): a password for every connection\n"
            + "host all all 127.0.0.1/32 " + AUTHENTICATION + "\n"
            + "host all all ::1/128 " + AUTHENTICATION + "\n";

    private static final String LOOPBACK = "127.0.0.1";
    /** A password in a URL: user info ({@code //user:secret@}) or a parameter ({@code password=}, {@code sslpassword=}). */
    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    private final String url;
    private final String user;
    private final String password;
    private final EmbeddedPostgres embedded;
    private boolean closed;

    private LocalPostgres(String url, String user, String password, EmbeddedPostgres embedded) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    /**
     * Uses a running server. Checks that it answers; if the database the URL names does not
     * exist yet, creates it (through the server's {@code postgres} database).
     *
     * @throws PostgresStartException with a one-line message if the server does not answer
     */
    public static LocalPostgres connect(String url, String user, String password) {
        Objects.requireNonNull(url, "url");
        try {
            check(url, user, password);
        } catch (SQLException e) {
            if (!"3D000".equals(e.getSQLState())) { // 3D000: the database does not exist
                throw new PostgresStartException("PostgreSQL at " + masked(url) + " does not answer: " + oneLine(e), e);
            }
            createDatabaseOf(url, user, password);
        }
        log.info("Using PostgreSQL at {}", masked(url));
        return new LocalPostgres(url, user, password, null);
    }

    /**
     * Starts a server of this process's own on {@code dataDir} (initialised on first use, kept
     * afterwards), listening on 127.0.0.1:{@code port} (0 picks a free port), and creates the
     * database {@value #DATABASE} if missing.
     *
     * @throws PostgresStartException with a one-line message if it cannot start, e.g. because
     *                                the port is taken
     */
    public static LocalPostgres startEmbedded(Path dataDir, int port) {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Path dir = dataDir.toAbsolutePath();
        int chosen = port > 0 ? port : Ports.free();
        if (port > 0 && !Ports.isFree(port)) {
            throw new PostgresStartException("PostgreSQL port " + port + " on " + LOOPBACK + " is already in use");
        }
        EmbeddedPostgres server;
        String password;
        boolean trusting;
        try {
            Files.createDirectories(dir);
            stopStaleServer(dir);
            password = PrivateFiles.readOrCreateSecret(passwordFile(dir));
            trusting = Files.exists(dir.resolve("pg_hba.conf")) && Files.readAllLines(dir.resolve("pg_hba.conf")).stream()
                    .map(String::strip).anyMatch(line -> !line.startsWith("#") && line.matches(".*\\strust"));
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(chosen)
                    // This class closes the server; a JVM hook of zonky's own would race ours.
                    .setRegisterShutdownHook(false)
                    // initdb's options (zonky passes these as --name=value): the superuser gets the password at once
                    .setLocaleConfig("auth-host", AUTHENTICATION)
                    .setLocaleConfig("auth-local", AUTHENTICATION)
                    .setLocaleConfig("pwfile", passwordFile(dir).toString())
                    .setConnectConfig("password", password)
                    .setServerConfig("listen_addresses", LOOPBACK)
                    .setServerConfig("password_encryption", AUTHENTICATION)
                    // A local stack next to a broker and a JVM: modest memory, few connections.
                    .setServerConfig("max_connections", "50")
                    .setServerConfig("shared_buffers", "32MB")
                    .setServerConfig("unix_socket_directories", "")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new PostgresStartException("PostgreSQL failed to start on " + LOOPBACK + ":" + chosen
                    + " with data in " + dir + ": " + oneLine(e), e);
        }
        String url = "jdbc:postgresql://" + LOOPBACK + ":" + server.getPort() + "/" + DATABASE;
        LocalPostgres postgres = new LocalPostgres(url, EMBEDDED_USER, password, server);
        try {
            if (trusting) {
                requirePassword(postgres, dir);
            }
            createDatabaseOf(url, EMBEDDED_USER, password);
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        log.info("Embedded PostgreSQL ready at {} (data {}, user {}, password in {}.password)", url, dir, EMBEDDED_USER, dir.getFileName());
        return postgres;
    }

    /** Where the embedded server's password is kept: beside its data directory (initdb wants that one empty). */
    private static Path passwordFile(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".password");
    }

    /** A data directory from before passwords (trust): the superuser gets the password, then pg_hba.conf asks for it. */
    private static void requirePassword(LocalPostgres postgres, Path dir) {
        try (Connection c = DriverManager.getConnection(JdbcUrl.parse(postgres.url).withDatabase("postgres"),
                properties(postgres.user, postgres.password)); Statement s = c.createStatement()) {
            s.execute("SET password_encryption = '" + AUTHENTICATION + "'");
            // a literal, not a parameter: ALTER ROLE takes none; the password is base64url, so it needs no quoting
            s.execute("ALTER ROLE " + EMBEDDED_USER + " PASSWORD '" + postgres.password + "'");
            Files.writeString(dir.resolve("pg_hba.conf"), PG_HBA);
            s.execute("SELECT pg_reload_conf()");
            log.info("Embedded PostgreSQL in {} now asks for a password", dir);
        } catch (SQLException | IOException e) {
            throw new PostgresStartException("cannot set a password on the PostgreSQL in " + dir + ": " + oneLine(e), e);
        }
    }

    /**
     * A URL as it may be logged or printed: a password in it (user info or a password parameter, as
     * PULSE_PG_URL may carry one) replaced by {@code ***}.
     */
    public static String masked(String url) {
        return Secrets.maskedUrl(url);
    }

    /** JDBC URL of the pipeline's database. */
    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    /** The password: the embedded server's generated one, or the one given for a running server. */
    public String password() {
        return password;
    }

    /** Whether this process started the server (and stops it on {@link #close()}). */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /** The port the embedded server listens on, if this process started it. */
    public Optional<Integer> embeddedPort() {
        return embedded == null ? Optional.empty() : Optional.of(embedded.getPort());
    }

    /** Whether the server answers a query now. */
    public boolean isHealthy() {
        try {
            check(url, user, password);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** A new connection to the pipeline's database. */
    public Connection connection() throws SQLException {
        return DriverManager.getConnection(url, properties(user, password));
    }

    /** Stops the embedded server (fast shutdown, data kept); does nothing for an external one. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (embedded != null) {
            try {
                embedded.close();
                log.info("Embedded PostgreSQL at {} stopped", url);
            } catch (IOException | RuntimeException e) {
                log.warn("Embedded PostgreSQL did not stop cleanly: {}", oneLine(e));
            }
        }
    }

    private static void check(String url, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, properties(user, password));
             Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
    }

    /** Creates the database a URL names, connecting to the same server's {@code postgres} database. */
    private static void createDatabaseOf(String url, String user, String password) {
        JdbcUrl parsed = JdbcUrl.parse(url);
        String database = parsed.database();
        try (Connection c = DriverManager.getConnection(parsed.withDatabase("postgres"), properties(user, password))) {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, database);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
                log.info("Created database {}", database);
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) { // created meanwhile by someone else
                return;
            }
            throw new PostgresStartException("cannot create database " + database + " at " + masked(url) + ": " + oneLine(e), e);
        }
    }

    private static Properties properties(String user, String password) {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        p.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        return p;
    }

    /**
     * A server left running by a process that was killed outright (no chance to stop it) still
     * holds the data directory; stop it the way pg_ctl's fast mode does, so this start can go on.
     */
    private static void stopStaleServer(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        if (process.isEmpty()) {
            return; // the server is gone; PostgreSQL itself removes the stale pid file
        }
        log.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier run", pid, dir);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            process.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the earlier PostgreSQL", e);
        } catch (Exception e) {
            throw new IOException("an earlier PostgreSQL (pid " + pid + ") still runs on " + dir, e);
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : EmbeddedKafka.rootMessage(e);
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
