package vn.chibo.pulse.dashboard.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analysts' PostgreSQL, read only for district names (reporting.districts) and to say
 * whether it answers. Optional: the figures themselves always come from the streams state.
 */
public final class ReportingDatabase {

    private static final Logger log = LoggerFactory.getLogger(ReportingDatabase.class);

    /** Names found (possibly none) and the database's health: UP, DOWN or NOT_CONFIGURED. */
    public record NamesResult(Map<String, String> names, String status) {
        public static final NamesResult NOT_CONFIGURED = new NamesResult(Map.of(), "NOT_CONFIGURED");
    }

    /** Names change rarely: ask the database at most this often. */
    private static final long CACHE_NANOS = 15_000_000_000L;

    private final String url;
    private final Properties properties = new Properties();
    private boolean warned;
    private NamesResult cached;
    private long cachedAt;

    public ReportingDatabase(String url, String user, String password) {
        this.url = url;
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        // A database that does not answer must not hold up the page: give up quickly.
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "3");
        properties.setProperty("loginTimeout", "3");
        properties.setProperty("ApplicationName", "pulse-dashboard");
        properties.setProperty("readOnly", "true");
    }

    public synchronized NamesResult districtNames() {
        long now = System.nanoTime();
        if (cached == null || now - cachedAt >= CACHE_NANOS) {
            cached = read();
            cachedAt = now;
        }
        return cached;
    }

    private NamesResult read() {
        try (Connection c = DriverManager.getConnection(url, properties);
             Statement s = c.createStatement()) {
            Map<String, String> names = new HashMap<>();
            boolean hasTable;
            try (ResultSet rs = s.executeQuery("select to_regclass('reporting.districts') is not null")) {
                rs.next();
                hasTable = rs.getBoolean(1);
            }
            if (hasTable) {
                try (ResultSet rs = s.executeQuery("select district_code, district_name from reporting.districts")) {
                    while (rs.next()) {
                        names.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            warned = false;
            return new NamesResult(Map.copyOf(names), "UP");
        } catch (SQLException e) {
            if (!warned) {
                log.warn("PostgreSQL at {} does not answer: {}", withoutQuery(url), e.getMessage());
                warned = true;
            }
            return new NamesResult(Map.of(), "DOWN");
        }
    }

    /** The URL's query may carry a password: keep it out of the log. */
    private static String withoutQuery(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
    }
}
