package vn.chibo.pulse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
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
        int port;
        try (LocalPostgres postgres = LocalPostgres.startEmbedded(dataDir, 0)) {
            assertThat(postgres.isEmbedded()).isTrue();
            port = postgres.embeddedPort().orElseThrow();
            assertThat(postgres.url()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/pulse");
            try (Connection c = postgres.connection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (name text)");
                s.execute("INSERT INTO kept VALUES ('Chi bộ thôn Yên Hòa')");
            }
        }
        assertThat(Ports.isFree(port)).as("the server stopped").isTrue();

        try (LocalPostgres again = LocalPostgres.startEmbedded(dataDir, port);
             Connection c = again.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Chi bộ thôn Yên Hòa");
        }
    }

    @Test
    void embeddedServerRefusesATakenPortWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> LocalPostgres.startEmbedded(dataDir, port))
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
