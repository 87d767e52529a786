package vn.chibo.pulse.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import vn.chibo.pulse.stack.PrivateFiles;

/**
 * Where the running pipeline is: each setting comes from a command-line flag, else from the
 * environment, else from {@code .pulse/endpoints.properties} that {@code ./pulse up} writes.
 */
public final class Endpoints {

    /** Name of the file {@code ./pulse up} writes in the state directory. */
    public static final String FILE_NAME = "endpoints.properties";

    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap";
    public static final String REGISTRY_URL = "registry.url";
    public static final String PG_URL = "pg.url";
    public static final String PG_USER = "pg.user";
    public static final String PG_PASSWORD = "pg.password";
    public static final String DASHBOARD_URL = "dashboard.url";
    /** Interactive queries of the streams app (JSON over HTTP); written by {@code up}, read by the dashboard. */
    public static final String STREAMS_URL = "streams.url";
    /** Credentials for the query API when it asks for basic authentication (its http.authentication.*). */
    public static final String STREAMS_USER = "streams.user";
    public static final String STREAMS_PASSWORD = "streams.password";
    /**
     * The users (name:hash) each service admits when it asks for basic authentication: read from the
     * environment so that docker-compose need not put them on a command line, where {@code ps} shows them.
     */
    public static final String QUERY_USERS = "query.users";
    public static final String BOARD_USERS = "board.users";
    public static final String SINK_HEALTH_USERS = "sink.health.users";

    /** Every connection setting, declared once: its key, flag, environment variable and meaning. */
    public enum Setting {
        KAFKA(KAFKA_BOOTSTRAP, "--kafka-bootstrap", "PULSE_KAFKA_BOOTSTRAP", "Kafka bootstrap servers, host:port[,host:port]"),
        REGISTRY(REGISTRY_URL, "--registry-url", "PULSE_REGISTRY_URL", "schema registry base URL"),
        PG(PG_URL, "--pg-url", "PULSE_PG_URL", "PostgreSQL JDBC URL, jdbc:postgresql://host:port/database"),
        PG_USER_NAME(PG_USER, "--pg-user", "PULSE_PG_USER", "PostgreSQL user"),
        PG_PASS(PG_PASSWORD, "--pg-password", "PULSE_PG_PASSWORD", "PostgreSQL password"),
        STREAMS(STREAMS_URL, "--streams-url", "PULSE_STREAMS_URL", "streams app's interactive-query URL (written by up)"),
        STREAMS_USER_NAME(STREAMS_USER, "--streams-user", "PULSE_STREAMS_USER", "user for the streams app's queries when they ask for basic authentication"),
        STREAMS_PASS(STREAMS_PASSWORD, "--streams-password", "PULSE_STREAMS_PASSWORD", "that user's password"),
        QUERY_USER_LIST(QUERY_USERS, "--query-users", "PULSE_QUERY_USERS", "name:hash,… admitted by ./pulse streams' query server (its http.authentication.users)"),
        BOARD_USER_LIST(BOARD_USERS, "--board-users", "PULSE_BOARD_USERS", "name:hash,… admitted by ./pulse dashboard (its dashboard.authentication.users)"),
        SINK_HEALTH_USER_LIST(SINK_HEALTH_USERS, "--sink-health-users", "PULSE_SINK_HEALTH_USERS", "name:hash,… admitted by ./pulse sink's health endpoint (its health.authentication.users)"),
        DASHBOARD(DASHBOARD_URL, "--dashboard-url", "PULSE_DASHBOARD_URL", "dashboard URL (written by up)");

        private final String key;
        private final String flag;
        private final String env;
        private final String doc;

        Setting(String key, String flag, String env, String doc) {
            this.key = key;
            this.flag = flag;
            this.env = env;
            this.doc = doc;
        }

        public String key() {
            return key;
        }

        public String flag() {
            return flag;
        }

        public String env() {
            return env;
        }

        public String doc() {
            return doc;
        }

        public static Optional<Setting> byFlag(String flag) {
            for (Setting s : values()) {
                if (s.flag.equals(flag)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    private Endpoints() {
    }

    /**
     * Resolves every setting on its own: flag, else environment, else file.
     *
     * @param flags values given on the command line, keyed by setting key
     * @param env   the environment ({@code System.getenv()})
     * @param file  the endpoints file; a missing file counts as empty
     * @return the settings found, keyed by setting key, in declaration order
     */
    public static Map<String, String> resolve(Map<String, String> flags, Map<String, String> env, Path file)
            throws IOException {
        Map<String, String> fromFile = read(file);
        Map<String, String> resolved = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            String value = flags.get(s.key);
            if (value == null || value.isEmpty()) {
                value = env.get(s.env);
            }
            if (value == null || value.isEmpty()) {
                value = fromFile.get(s.key);
            }
            if (value != null) {
                resolved.put(s.key, value);
            }
        }
        return Collections.unmodifiableMap(resolved);
    }

    /** Reads an endpoints file; a missing file gives an empty map. */
    public static Map<String, String> read(Path file) throws IOException {
        if (file == null || !Files.exists(file)) {
            return Map.of();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            map.put(name, props.getProperty(name));
        }
        return map;
    }

    /** Writes the file whole or not at all, so a reader never sees half of it. */
    public static void write(Path file, Map<String, String> endpoints) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        // 0600 from the moment it exists: it may hold PostgreSQL's password
        Path temp = PrivateFiles.create(file.resolveSibling(file.getFileName() + ".tmp"));
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            out.write("# Endpoints of the pipeline started by ./pulse up; read by ./pulse publish and friends.\n");
            for (Setting s : Setting.values()) {
                String value = endpoints.get(s.key);
                if (value != null) {
                    out.write(s.key + "=" + escape(value) + "\n");
                }
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Escapes what Properties.load would otherwise read differently. */
    private static String escape(String value) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (i == 0 && (c == ' ' || c == '#' || c == '!')) {
                        b.append('\\');
                    }
                    b.append(c);
                }
            }
        }
        return b.toString();
    }
}
