package vn.chibo.pulse.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Command-line flags over the settings of a {@link ConfigDef}: setting {@code kafka.port} is
 * {@code --kafka-port VALUE} or {@code --kafka-port=VALUE}; a boolean is {@code --fresh} or
 * {@code --no-fresh}. Commands with settings ({@code up}, {@code bench}) read their arguments here.
 */
public final class ConfigFlags {
    private ConfigFlags() {}

    /** The flag of a setting: {@code kafka.port} is {@code --kafka-port}. */
    public static String flagOf(String name) {
        return "--" + name.replace('.', '-');
    }

    /**
     * The settings the arguments give, by name, as strings for the ConfigDef to parse. An argument
     * {@code --PREFIXkey=VALUE} whose name starts with one of {@code passThroughPrefixes} (such as
     * {@code "streams."}) is kept under {@code PREFIXkey}.
     *
     * @param helpHint where the flags are listed, said after an unknown one: "unknown option --x (HINT)"
     * @throws IllegalArgumentException for an unknown flag or a missing value
     */
    public static Map<String, Object> parse(ConfigDef definition, List<String> args, List<String> passThroughPrefixes,
            String helpHint) {
        Map<String, String> byFlag = new LinkedHashMap<>();
        for (String name : definition.names()) {
            byFlag.put(flagOf(name), name);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String flag = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                flag = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (passesThrough(flag, passThroughPrefixes)) {
                if (value == null) {
                    throw new IllegalArgumentException(flag + " needs =VALUE");
                }
                values.put(flag.substring(2), value);
                continue;
            }
            String name = byFlag.get(flag);
            if (name == null && flag.startsWith("--no-") && value == null) {
                String positive = byFlag.get("--" + flag.substring("--no-".length()));
                if (positive != null && isBoolean(definition, positive)) {
                    values.put(positive, "false");
                    continue;
                }
            }
            if (name == null) {
                throw new IllegalArgumentException("unknown option " + arg + " (" + helpHint + ")");
            }
            if (isBoolean(definition, name) && value == null) {
                values.put(name, "true");
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                value = args.get(++i);
            }
            values.put(name, value);
        }
        return values;
    }

    /**
     * One line per setting: its flag ({@code --no-x} for a boolean that is on by default), meaning and
     * default (none for booleans and empty defaults), the flag column {@code flagWidth} wide.
     */
    public static List<String> help(ConfigDef definition, int flagWidth) {
        List<String> lines = new ArrayList<>();
        for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
            String flag = key.type == Type.BOOLEAN
                    ? (Boolean.TRUE.equals(key.defaultValue) ? "--no-" + key.name.replace('.', '-') : flagOf(key.name))
                    : flagOf(key.name) + " <" + key.type.name().toLowerCase(Locale.ROOT) + ">";
            String def = key.type == Type.BOOLEAN || "".equals(key.defaultValue) ? "" : " (default " + key.defaultValue + ")";
            lines.add(String.format("  %-" + flagWidth + "s %s%s", flag, key.documentation, def));
        }
        return lines;
    }

    private static boolean passesThrough(String flag, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (flag.startsWith("--" + prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBoolean(ConfigDef definition, String name) {
        return definition.configKeys().get(name).type == Type.BOOLEAN;
    }
}
