package vn.chibo.pulse.dashboard;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import vn.chibo.pulse.http.HttpSettings;

/**
 * Settings of the dashboard, each declared once with its default and documentation.
 * {@link #main(String[])} prints them as a Markdown table for docs/dashboard.md.
 */
public final class DashboardConfig extends AbstractConfig {

    public static final String BIND_HOST = "dashboard.bind.host";
    public static final String PORT = "dashboard.port";
    public static final String STREAMS_URL = "dashboard.streams.url";
    public static final String PG_URL = "dashboard.pg.url";
    public static final String PG_USER = "dashboard.pg.user";
    public static final String PG_PASSWORD = "dashboard.pg.password";
    public static final String POLL_INTERVAL_MS = "dashboard.poll.interval.ms";
    public static final String FULL_REFRESH_MS = "dashboard.full.refresh.ms";
    public static final String HEARTBEAT_MS = "dashboard.sse.heartbeat.ms";
    public static final String TREND_MONTHS = "dashboard.trend.months";
    public static final String TIME_ZONE = "dashboard.time.zone";
    public static final String HTTP_TIMEOUT_MS = "dashboard.http.timeout.ms";
    public static final String STREAMS_USER = "dashboard.streams.user";
    public static final String STREAMS_PASSWORD = "dashboard.streams.password";
    /** The prefix of the settings of the board's HTTP entrance (limits, checks, users), see {@link HttpSettings}. */
    public static final String HTTP_PREFIX = "dashboard.";

    private static final ConfigDef DEFINITION = HttpSettings.define(new ConfigDef()
            .define(BIND_HOST, Type.STRING, "127.0.0.1", Importance.HIGH,
                    "Address the HTTP server binds to. 0.0.0.0 serves every interface, and needs"
                            + " dashboard.authentication.method=BASIC.")
            .define(PORT, Type.INT, 8088, Range.between(0, 65535), Importance.HIGH,
                    "TCP port of the page and the JSON API; 0 picks a free port (see DashboardServer.url()).")
            .define(STREAMS_URL, Type.STRING, "http://127.0.0.1:7070", Importance.HIGH,
                    "Base URL of the streams app's interactive-query HTTP API, where the refused events are read.")
            .define(PG_URL, Type.STRING, null, Importance.HIGH,
                    "JDBC URL of the analysts' PostgreSQL, where every figure is read (schema reporting); "
                            + "required to start. A role in pulse_analyst (read only) is enough.")
            .define(PG_USER, Type.STRING, null, Importance.LOW, "PostgreSQL user (optional).")
            .define(PG_PASSWORD, Type.PASSWORD, null, Importance.LOW, "PostgreSQL password (optional).")
            .define(POLL_INTERVAL_MS, Type.LONG, 300L, Range.between(50, 60_000), Importance.MEDIUM,
                    "How often PostgreSQL is asked whether the figures changed (max(updated_at) and row counts "
                            + "of the tables the sink writes); open pages re-read their view when they did.")
            .define(FULL_REFRESH_MS, Type.LONG, 1_000L, Range.between(100, 3_600_000), Importance.LOW,
                    "How often the streams app is asked for the refused events.")
            .define(HEARTBEAT_MS, Type.LONG, 15_000L, Range.between(100, 600_000), Importance.LOW,
                    "Interval of the comment lines that keep an idle Server-Sent Events connection open.")
            .define(TREND_MONTHS, Type.INT, 12, Range.between(1, 120), Importance.LOW,
                    "Months shown in the page's trend (the current month and the ones before it).")
            .define(TIME_ZONE, Type.STRING, "Asia/Ho_Chi_Minh", Importance.LOW,
                    "Time zone that decides the current month and year.")
            .define(HTTP_TIMEOUT_MS, Type.LONG, 3_000L, Range.between(100, 120_000), Importance.LOW,
                    "Timeout of one request to the streams app.")
            .define(STREAMS_USER, Type.STRING, "", Importance.MEDIUM,
                    "User the board gives to the streams app's query server (one of its http.authentication.users)."
                            + " Empty: none.")
            .define(STREAMS_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Password of dashboard.streams.user."),
            HTTP_PREFIX, "Pulse board", true);

    public DashboardConfig(Map<?, ?> originals) {
        super(DEFINITION, originals);
        try {
            ZoneId.of(getString(TIME_ZONE));
        } catch (RuntimeException e) {
            throw new ConfigException(TIME_ZONE, getString(TIME_ZONE), "not a time zone id");
        }
        String streams = getString(STREAMS_URL);
        if (!streams.startsWith("http://") && !streams.startsWith("https://")) {
            throw new ConfigException(STREAMS_URL, streams, "must be an http:// or https:// URL");
        }
    }

    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    public String bindHost() {
        return getString(BIND_HOST);
    }

    public int port() {
        return getInt(PORT);
    }

    /** The streams query URL without a trailing slash. */
    public String streamsUrl() {
        String url = getString(STREAMS_URL);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public Optional<String> pgUrl() {
        return Optional.ofNullable(getString(PG_URL)).filter(s -> !s.isBlank());
    }

    public Optional<String> pgUser() {
        return Optional.ofNullable(getString(PG_USER)).filter(s -> !s.isBlank());
    }

    public Optional<String> pgPassword() {
        Password p = getPassword(PG_PASSWORD);
        return p == null ? Optional.empty() : Optional.of(p.value());
    }

    public Duration pollInterval() {
        return Duration.ofMillis(getLong(POLL_INTERVAL_MS));
    }

    public Duration fullRefresh() {
        return Duration.ofMillis(getLong(FULL_REFRESH_MS));
    }

    public Duration heartbeat() {
        return Duration.ofMillis(getLong(HEARTBEAT_MS));
    }

    public int trendMonths() {
        return getInt(TREND_MONTHS);
    }

    public ZoneId timeZone() {
        return ZoneId.of(getString(TIME_ZONE));
    }

    /** The board's HTTP entrance: limits, Host and Origin checks, users. */
    public HttpSettings httpSettings() {
        return HttpSettings.of(this, HTTP_PREFIX);
    }

    /** The Authorization header sent to the streams app, or null without dashboard.streams.user. */
    public String streamsAuthorization() {
        String user = getString(STREAMS_USER);
        if (user.isBlank()) {
            return null;
        }
        Password password = getPassword(STREAMS_PASSWORD);
        String userInfo = user + ":" + (password == null ? "" : password.value());
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    public Duration httpTimeout() {
        return Duration.ofMillis(getLong(HTTP_TIMEOUT_MS));
    }

    /** Prints the settings as a Markdown table. */
    public static void main(String[] args) {
        StringBuilder out = new StringBuilder("| Setting | Default | Meaning |\n|---|---|---|\n");
        for (ConfigDef.ConfigKey key : DEFINITION.configKeys().values()) {
            Object def = key.defaultValue;
            String shown = def == null ? "(none)" : def.toString();
            out.append("| `").append(key.name).append("` | ").append(shown).append(" | ")
                    .append(key.documentation).append(" |\n");
        }
        System.out.print(out);
    }
}
