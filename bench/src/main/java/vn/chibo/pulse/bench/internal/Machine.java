package vn.chibo.pulse.bench.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** What the figures were measured on: they mean little without it. */
public final class Machine {
    private Machine() {}

    /** Cores, memory, CPU, kernel, JDK and Kafka, as name → value in display order. */
    public static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CPU", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores available to the JVM");
        m.put("Memory", memTotal());
        m.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")");
        m.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("Kafka", kafkaVersion() + " (clients, broker and Streams)");
        return m;
    }

    /** The server's version and the settings that weigh on write speed. */
    public static String postgres(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), current_setting('synchronous_commit'), "
                     + "current_setting('fsync'), current_setting('shared_buffers')")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1) + " (synchronous_commit=" + rs.getString(2) + ", fsync=" + rs.getString(3)
                    + ", shared_buffers=" + rs.getString(4) + ")";
        }
    }

    /** The 1, 5 and 15 minute load averages: other work on a shared machine. */
    public static String loadAverage() {
        String s = read("/proc/loadavg");
        String[] parts = s.trim().split("\\s+");
        return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "unknown";
    }

    /** The version the Kafka client jar records about itself. */
    static String kafkaVersion() {
        try (InputStream in = Machine.class.getClassLoader().getResourceAsStream("kafka/kafka-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String cpuModel() {
        for (String line : read("/proc/cpuinfo").split("\n")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown CPU";
    }

    static String memTotal() {
        return ProcessMemory.kilobytesField(read("/proc/meminfo"), "MemTotal").stream()
                .mapToObj(b -> String.format("%.1f GiB", b / (1024.0 * 1024 * 1024))).findFirst().orElse("unknown");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
