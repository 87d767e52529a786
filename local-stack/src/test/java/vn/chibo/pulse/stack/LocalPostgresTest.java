package vn.chibo.pulse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresTest {

    private static final String TEST_SERVER = System.getenv().getOrDefault("PULSE_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    @TempDir
    Path dataDir;

    @Test
    void embeddedServerStartsForThisUserAndKeepsItsDataAcrossRestarts() throws Exception {
        Path data = dataDir.resolve("postgres"); // its password file goes beside it, inside the temporary directory
        int port;
        try (LocalPostgres postgres = LocalPostgres.startEmbedded(data, 0)) {
            assertThat(postgres.isEmbedded()).isTrue();
            port = postgres.embeddedPort().orElseThrow();
            assertThat(postgres.url()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/pulse");
            try (Connection c = postgres.connection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (name text)");
                s.execute("INSERT INTO kept VALUES ('Chi bộ thôn Yên Hòa')");
            }
        }
        assertThat(Ports.isFree(port)).as("the server stopped").isTrue();

        try (LocalPostgres again = LocalPostgres.startEmbedded(data, port);
             Connection c = again.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Chi bộ thôn Yên Hòa");
        }
    }

    @Test
    void embeddedServerAsksForAGeneratedPasswordKeptReadableByItsOwnerOnly() throws Exception {
        Path data = dataDir.resolve("postgres");
        String password;
        try (LocalPostgres postgres = LocalPostgres.startEmbedded(data, 0)) {
            password = postgres.password();
            assertThat(password).hasSizeGreaterThanOrEqualTo(40);
            assertThatThrownBy(() -> DriverManager.getConnection(postgres.url() + "?user=postgres").close())
                    .as("no password").isInstanceOf(SQLException.class).hasMessageContaining("password");
            assertThatThrownBy(() -> DriverManager.getConnection(postgres.url() + "?user=postgres&password=wrong").close())
                    .as("a wrong one").isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
            try (Connection c = postgres.connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_hba_file_rules WHERE auth_method = 'trust'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("trusted rules").isZero();
            }
        }
        Path file = dataDir.resolve("postgres.password");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(file)).isEqualTo(password);
        try (LocalPostgres again = LocalPostgres.startEmbedded(data, 0); Connection c = again.connection()) {
            assertThat(again.password()).as("the same password after a restart").isEqualTo(password);
        }
    }

    @Test
    void aDataDirectoryMadeWithTrustGetsAPasswordOnItsNextStart() throws Exception {
        Path data = dataDir.resolve("old");
        try (LocalPostgres postgres = LocalPostgres.startEmbedded(data, 0); Connection c = postgres.connection();
             Statement s = c.createStatement()) {
            s.execute("ALTER ROLE postgres PASSWORD NULL"); // as a data directory of before passwords: no password, trust
        }
        Files.writeString(data.resolve("pg_hba.conf"), "host all all 127.0.0.1/32 trust\n");
        Files.delete(dataDir.resolve("old.password"));

        try (LocalPostgres postgres = LocalPostgres.startEmbedded(data, 0)) {
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust");
            assertThatThrownBy(() -> DriverManager.getConnection(postgres.url() + "?user=postgres").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password");
            try (Connection c = postgres.connection()) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void aPasswordInAUrlIsNeverShown() {
        // the forms of URL are SecretsTest's; here, that this is what the local stack prints
        assertThat(LocalPostgres.masked("jdbc:postgresql://127.0.0.1:5432/pulse?user=pulse&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/pulse?user=pulse&password=***&ssl=true");

        String url = "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/pulse?user=pulse&password=s3cret";
        assertThatThrownBy(() -> LocalPostgres.connect(url, null, null))
                .isInstanceOf(PostgresStartException.class).message().contains("password=***").doesNotContain("s3cret");
    }

    @Test
    void embeddedServerRefusesATakenPortWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> LocalPostgres.startEmbedded(dataDir.resolve("postgres"), port))
                    .isInstanceOf(PostgresStartException.class)
                    .hasMessage("PostgreSQL port " + port + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    void connectingToARunningServerCreatesTheDatabaseItsUrlNames() throws Exception {
        String database = "pulse_test_" + UUID.randomUUID().toString().replace("-", "");
        String url = JdbcUrl.parse(TEST_SERVER).withDatabase(database);
        try (LocalPostgres postgres = LocalPostgres.connect(url, null, null)) {
            assertThat(postgres.isEmbedded()).isFalse();
            try (Connection c = postgres.connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(database);
            }
        } finally {
            try (Connection c = DriverManager.getConnection(TEST_SERVER); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    @Test
    void connectingWhereNoServerListensFailsWithAClearMessage() {
        int port = Ports.free();
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/pulse";
        assertThatThrownBy(() -> LocalPostgres.connect(url, "postgres", ""))
                .isInstanceOf(PostgresStartException.class)
                .hasMessageStartingWith("PostgreSQL at " + url + " does not answer: ")
                .hasMessageNotContaining("\n");
    }
}
