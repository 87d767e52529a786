package vn.chibo.pulse.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The flags every subcommand accepts, wherever they stand on the command line: the connection
 * flags of {@link Endpoints.Setting} and {@code --state-dir}. Everything else is left, in order,
 * for the subcommand; a lone {@code --} ends flag parsing.
 */
public final class GlobalOptions {

    public static final String STATE_DIR_FLAG = "--state-dir";
    public static final String STATE_DIR_ENV = "PULSE_STATE_DIR";
    /** Set by the {@code ./pulse} script to the repository root, so state lives there wherever you run it. */
    public static final String HOME_ENV = "PULSE_HOME";
    public static final String STATE_DIR_NAME = ".pulse";

    private final Map<String, String> endpointFlags;
    private final String stateDirFlag;
    private final List<String> rest;

    private GlobalOptions(Map<String, String> endpointFlags, String stateDirFlag, List<String> rest) {
        this.endpointFlags = Collections.unmodifiableMap(endpointFlags);
        this.stateDirFlag = stateDirFlag;
        this.rest = Collections.unmodifiableList(rest);
    }

    /** @throws UsageException when a flag lacks its value */
    public static GlobalOptions parse(List<String> args) {
        Map<String, String> flags = new LinkedHashMap<>();
        String stateDir = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                rest.addAll(args.subList(i, args.size()));
                break;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Optional<Endpoints.Setting> setting = Endpoints.Setting.byFlag(name);
            boolean isStateDir = name.equals(STATE_DIR_FLAG);
            if (setting.isEmpty() && !isStateDir) {
                rest.add(arg);
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(name + " needs a value");
                }
                value = args.get(++i);
            }
            if (isStateDir) {
                stateDir = value;
            } else {
                flags.put(setting.get().key(), value);
            }
        }
        return new GlobalOptions(flags, stateDir, rest);
    }

    /** Connection settings given as flags, keyed by endpoint key. */
    public Map<String, String> endpointFlags() {
        return endpointFlags;
    }

    /** The arguments that are not global flags, in their order. */
    public List<String> rest() {
        return rest;
    }

    /**
     * The state directory: {@code --state-dir}, else {@code $PULSE_STATE_DIR}, else
     * {@code $PULSE_HOME/.pulse}, else {@code .pulse} in the working directory.
     */
    public Path stateDir(Map<String, String> env) {
        if (stateDirFlag != null && !stateDirFlag.isEmpty()) {
            return Path.of(stateDirFlag);
        }
        String fromEnv = env.get(STATE_DIR_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Path.of(fromEnv);
        }
        String home = env.get(HOME_ENV);
        if (home != null && !home.isEmpty()) {
            return Path.of(home, STATE_DIR_NAME);
        }
        return Path.of(STATE_DIR_NAME);
    }
}
