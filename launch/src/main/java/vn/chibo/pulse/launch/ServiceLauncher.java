package vn.chibo.pulse.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The one way a service starts (issue 12), from its own main ({@code StreamsMain}, {@code SinkMain}, …) or from
 * {@code ./pulse streams|sink|dashboard}:
 * <pre>
 * NAME [--help] [--config FILE]… [key=value | FILE]…
 * </pre>
 * Each setting takes the last value of: its declared default, the environment, the properties files in the order
 * given ({@code --config FILE}, then bare paths), the {@code key=value} arguments in the order given. The settings are
 * checked against the service's declaration before it starts. Exit status: 0 stopped by SIGTERM or Ctrl-C, 1 stopped
 * on a failure it cannot recover from (or could not start), 2 bad arguments or settings.
 */
public final class ServiceLauncher {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    static final String PRECEDENCE = "declared default < environment < --config files (later win) < key=value arguments (later win)";

    private static final String AVRO_PACKAGES = "org.apache.avro.SERIALIZABLE_PACKAGES";
    private static final int WIDTH = 100;

    private ServiceLauncher() {
    }

    /** Runs the service as its process's main, and exits with the status of {@link #run}. */
    public static void main(Service service, String[] args) {
        System.exit(run(service, Arrays.asList(args), service.fromEnvironment(System.getenv()), System.out, System.err));
    }

    /**
     * Runs one command line of the service until it stops, and returns the exit status.
     *
     * @param inherited settings from below the files: the environment ({@link Service#fromEnvironment}), or what
     *                  {@code ./pulse} resolved from its flags, the environment and its endpoints file
     */
    public static int run(Service service, List<String> args, Map<String, String> inherited, PrintStream out,
            PrintStream err) {
        String name = "pulse " + service.name();
        Arguments arguments = new Arguments();
        CommandLine command = new CommandLine(arguments)
                .setCommandName(name)
                // --key=value was accepted before there were options: it stays a setting
                .setUnmatchedOptionsArePositionalParams(true)
                // an argument starting with @ is a settings file's path, as before, not picocli's argument file
                .setExpandAtFiles(false)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        Map<String, String> settings;
        try {
            command.parseArgs(args.toArray(String[]::new));
            if (arguments.help) {
                command.usage(out);
                out.print(settingsHelp(service));
                out.flush();
                return OK;
            }
            settings = resolve(inherited, arguments.files, arguments.positional);
            service.settings().parse(settings);
            // a typo on the command line; files and the environment may hold other programs' settings too
            for (String argument : arguments.positional) {
                String[] setting = keyAndValue(argument);
                if (setting != null && !service.takes(setting[0])) {
                    err.println(name + ": ignoring " + setting[0] + ", which is not one of its settings (--help lists them)");
                }
            }
        } catch (CommandLine.ParameterException | IllegalArgumentException | ConfigException e) {
            return refused(err, name, e.getMessage());
        } catch (IOException e) {
            return refused(err, name, "cannot read settings file " + e.getMessage());
        }

        trustProjectAvroPackages();
        Running running;
        try {
            running = service.starter().start(settings);
        } catch (ConfigException | IllegalArgumentException e) {
            return refused(err, name, e.getMessage());
        } catch (Exception | Error e) {
            // said and ended here: threads it left (a half-started server's) would keep the JVM up
            err.println(name + ": could not start: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return FAILED;
        }
        out.println(name + ": " + running.ready());
        out.flush();
        try {
            return runUntilStopped(name, running, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    /**
     * The settings of a command line over the inherited ones, by {@link #PRECEDENCE}. An argument without {@code =}
     * is a properties file; a leading {@code --} before {@code key=value} is dropped.
     *
     * @throws IllegalArgumentException for an argument that is neither a setting nor a file name
     * @throws IOException              naming the file that cannot be read
     */
    public static Map<String, String> resolve(Map<String, String> inherited, List<Path> configFiles, List<String> arguments)
            throws IOException {
        Map<String, String> settings = new LinkedHashMap<>(inherited);
        List<Path> files = new ArrayList<>(configFiles);
        Map<String, String> given = new LinkedHashMap<>();
        for (String argument : arguments) {
            String[] setting = keyAndValue(argument);
            if (setting != null) {
                given.put(setting[0], setting[1]);
            } else if (argument.startsWith("-") || argument.isBlank()) {
                throw new IllegalArgumentException("unknown option or setting without =VALUE: \"" + argument + "\"");
            } else {
                files.add(Path.of(argument));
            }
        }
        for (Path file : files) {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(in);
            } catch (IOException e) {
                throw new IOException(file + " (" + e.getClass().getSimpleName() + ")", e);
            }
            properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
        }
        settings.putAll(given);
        return settings;
    }

    private static int refused(PrintStream err, String name, String why) {
        err.println(name + ": " + why + " (" + name + " --help lists the settings)");
        return USAGE;
    }

    /** {@code key=value} or {@code --key=value} as its key and value; null for anything else. */
    private static String[] keyAndValue(String argument) {
        String setting = argument.startsWith("--") ? argument.substring(2) : argument;
        int eq = setting.indexOf('=');
        // the value as given: a password may begin or end with a space
        return eq > 0 ? new String[] {setting.substring(0, eq).trim(), setting.substring(eq + 1)} : null;
    }

    /**
     * Avro refuses to instantiate classes of packages it was not told to trust; the project's own are trusted unless
     * the JVM was started with another list.
     */
    public static void trustProjectAvroPackages() {
        if (System.getProperty(AVRO_PACKAGES) == null) {
            System.setProperty(AVRO_PACKAGES, "vn.chibo.pulse");
        }
    }

    /**
     * Waits until SIGTERM or Ctrl-C (then closes the service: status {@link #OK}) or until the service stops on its
     * own having failed ({@link #FAILED}), so that its supervisor (docker-compose's restart policy, systemd, the
     * bench) restarts a service that cannot go on rather than one that stays up with nothing done.
     */
    public static int runUntilStopped(String name, Running running, PrintStream err) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        AtomicBoolean failed = new AtomicBoolean();
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                try {
                    running.service().close();
                } catch (Exception e) {
                    err.println(name + ": " + e.getMessage());
                }
            }
        };
        // For the ways out that are not a handled signal (System.exit elsewhere, SIGHUP, -Xrs)
        Thread hook = new Thread(close, name.replace(' ', '-') + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // Handled here rather than by the JVM, which would end the process with 143 after its hooks
        Map<Signal, SignalHandler> previous = onSignals(stop::countDown);
        if (running.ending() != null) {
            Thread watch = new Thread(() -> {
                try {
                    if (running.ending().awaitFailed()) {
                        failed.set(true);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stop.countDown();
            }, name.replace(' ', '-') + "-ending");
            watch.setDaemon(true);
            watch.start();
        }
        try {
            stop.await();
        } finally {
            previous.forEach(Signal::handle);
            close.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook found the service closed
            }
        }
        if (failed.get()) {
            err.println(name + ": stopped on an error it cannot recover from (see the log above); exiting with status "
                    + FAILED + " so that it is restarted");
            return FAILED;
        }
        return OK;
    }

    private static Map<Signal, SignalHandler> onSignals(Runnable stop) {
        Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
        for (String signal : List.of("TERM", "INT")) {
            try {
                Signal s = new Signal(signal);
                previous.put(s, Signal.handle(s, ignored -> stop.run()));
            } catch (IllegalArgumentException e) {
                // not ours to handle in this JVM (-Xrs, or a debugger's): the shutdown hook closes the service
            }
        }
        return previous;
    }

    /** What {@code --help} adds after the options: every declared setting, its default and its variable. */
    static String settingsHelp(Service service) {
        Map<String, String> variables = new LinkedHashMap<>();
        service.environment().forEach((variable, setting) -> variables.put(setting, variable));
        StringBuilder help = new StringBuilder("%nSettings (key=value); each takes the last of: %s.%n".formatted(PRECEDENCE));
        for (ConfigDef.ConfigKey key : service.settings().configKeys().values()) {
            if (key.internalConfig) {
                continue;
            }
            help.append("  ").append(key.name).append(" <").append(key.type.name().toLowerCase(Locale.ROOT))
                    .append(">  default ").append(defaultOf(key));
            if (variables.containsKey(key.name)) {
                help.append(", environment ").append(variables.get(key.name));
            }
            help.append(System.lineSeparator());
            wrap(help, key.documentation == null ? "" : key.documentation, "      ");
        }
        return help.toString();
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        Object value = key.defaultValue;
        if (value == ConfigDef.NO_DEFAULT_VALUE) {
            return "(required)";
        }
        if (value == null || "".equals(value) || (value instanceof List<?> list && list.isEmpty())) {
            return "(none)";
        }
        if (value instanceof Password password) {
            return password.value().isEmpty() ? "(none)" : "(hidden)";
        }
        return value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList()) : value.toString();
    }

    private static void wrap(StringBuilder help, String text, String indent) {
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.trim().split("\\s+")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > WIDTH) {
                help.append(line).append(System.lineSeparator());
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > indent.length()) {
            help.append(line).append(System.lineSeparator());
        }
    }

    @Command(description = "Runs until SIGTERM or Ctrl-C (exit 0); exit 1 when it stops on a failure it cannot recover"
            + " from, 2 on bad arguments or settings.")
    static final class Arguments {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "List the settings with their defaults and exit.")
        boolean help;

        @Option(names = "--config", paramLabel = "FILE", description = "A properties file of settings (repeatable).")
        List<Path> files = new ArrayList<>();

        @Parameters(paramLabel = "key=value|FILE", arity = "0..*",
                description = "A setting (--key=value too), or a properties file as with --config.")
        List<String> positional = new ArrayList<>();
    }
}
