package vn.chibo.pulse.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import vn.chibo.pulse.cli.up.UpCommand;
import vn.chibo.pulse.http.PasswordHash;
import vn.chibo.pulse.launch.ServiceLauncher;
import vn.chibo.pulse.producers.ImportMeetingsCommand;
import vn.chibo.pulse.producers.PublishCommand;
import vn.chibo.pulse.producers.simulator.SimulatorCommand;
import vn.chibo.pulse.reconcile.ReconcileCommand;
import vn.chibo.pulse.cli.up.UpConfig;

/**
 * {@code ./pulse}: the command line of the pipeline. Resolves the connection settings (flag,
 * else environment, else {@code .pulse/endpoints.properties}) and hands them to a subcommand.
 */
public final class Pulse {

    /** A subcommand: what runs it, a one-line summary, and whether it may read the endpoints file. */
    private record Subcommand(Command command, String summary, boolean readsEndpointsFile) {
    }

    private Pulse() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.getenv(), System.out, System.err));
    }

    /** Runs one command line and returns its exit status; {@code up} returns only when stopped. */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        ServiceLauncher.trustProjectAvroPackages();
        GlobalOptions options;
        try {
            options = GlobalOptions.parse(args);
        } catch (UsageException e) {
            err.println("pulse: " + e.getMessage());
            return Command.USAGE;
        }
        List<String> rest = options.rest();
        String name = rest.isEmpty() ? "help" : rest.get(0);
        List<String> commandArgs = rest.isEmpty() ? List.of() : rest.subList(1, rest.size());
        Path stateDir = options.stateDir(env);
        if (name.equals("up")) {
            // Before anything logs: up's log goes to a file, so the terminal shows only progress and endpoints.
            logTo(UpCommand.logFile(stateDir));
        }

        Map<String, Subcommand> commands = commands(stateDir);
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            usage(out, commands);
            return Command.OK;
        }
        Subcommand subcommand = commands.get(name);
        if (subcommand == null) {
            err.println("pulse: unknown command '" + name + "'; ./pulse help lists them");
            return Command.USAGE;
        }
        try {
            Map<String, String> endpoints = Endpoints.resolve(options.endpointFlags(), env,
                    subcommand.readsEndpointsFile() ? stateDir.resolve(Endpoints.FILE_NAME) : null);
            return subcommand.command().run(commandArgs, endpoints, out, err);
        } catch (UsageException e) {
            err.println("pulse " + name + ": " + e.getMessage());
            return Command.USAGE;
        } catch (Exception e) {
            err.println("pulse " + name + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return Command.FAILED;
        }
    }

    private static Map<String, Subcommand> commands(Path stateDir) {
        Map<String, Subcommand> commands = new LinkedHashMap<>();
        // up reads PostgreSQL settings from flags and the environment only: the endpoints file holds
        // what the previous up started, not a server to connect to.
        commands.put("up", new Subcommand(new UpCommand(stateDir),
                "run the whole pipeline on this machine until Ctrl-C", false));
        commands.put("publish", new Subcommand(PublishCommand::run,
                "publish FILE: send events (JSON Lines, SPEC §2); exit 0 all sent, 1 some rejected, 2 usage/connection", true));
        commands.put("import-meetings", new Subcommand(ImportMeetingsCommand::run,
                "import-meetings FILE: publish meeting records from a commune export", true));
        commands.put("simulate", new Subcommand(SimulatorCommand::run,
                "run the province simulator alone against the given Kafka and registry (--help for options)", true));
        commands.put("reconcile", new Subcommand(ReconcileCommand::run,
                "prove PostgreSQL against the event log; exit 0 agreed, 1 differs, 2 usage/connection/no verdict (--help)", true));
        // The ./pulse script runs bench from the bench module's jar, which the cli cannot depend on
        // (the bench starts this jar's components); listed here so that help shows it.
        commands.put("bench", new Subcommand(Pulse::benchIsRunByTheScript,
                "measure the pipeline against the raw broker and a naive SQL peer; rewrites BENCHMARKS.md (--help)", true));
        // One component alone, against the endpoints given (docker-compose runs these).
        commands.put("streams", new Subcommand(ServiceCommands::streams,
                "run only the Kafka Streams app against the given Kafka and registry (--help lists its settings)", true));
        commands.put("sink", new Subcommand(ServiceCommands::sink,
                "run only the PostgreSQL sink against the given Kafka, registry and PostgreSQL (--help)", true));
        commands.put("dashboard", new Subcommand(ServiceCommands::dashboard,
                "run only the dashboard against the given streams app (--streams-url) and PostgreSQL (--help)", true));
        commands.put("hash-password", new Subcommand(Pulse::hashPassword,
                "print the hash of a password (read without echo, or the first line of stdin) for authentication.users", false));
        return commands;
    }

    private static int hashPassword(List<String> args, Map<String, String> endpoints, PrintStream out, PrintStream err)
            throws IOException {
        char[] password = PasswordHash.readPassword();
        if (password.length == 0) {
            err.println("pulse hash-password: no password given");
            return Command.USAGE;
        }
        out.println(PasswordHash.create(password));
        Arrays.fill(password, '\0');
        return Command.OK;
    }

    private static int benchIsRunByTheScript(List<String> args, Map<String, String> endpoints, PrintStream out, PrintStream err) {
        err.println("pulse bench: run it as ./pulse bench (it runs bench/target/pulse-bench.jar; see docs/bench.md)");
        return Command.USAGE;
    }

    private static void usage(PrintStream out, Map<String, Subcommand> commands) {
        out.println("Usage: ./pulse [connection flags] COMMAND [options]");
        out.println();
        out.println("Commands:");
        commands.forEach((name, c) -> out.printf("  %-16s %s%n", name, c.summary()));
        out.printf("  %-16s %s%n", "help", "this text");
        out.println();
        out.println("Connection flags (else the environment variable, else .pulse/endpoints.properties written by up):");
        for (Endpoints.Setting s : Endpoints.Setting.values()) {
            out.printf("  %-20s %-22s %s%n", s.flag() + " V", s.env(), s.doc());
        }
        out.printf("  %-20s %-22s %s%n", GlobalOptions.STATE_DIR_FLAG + " D", GlobalOptions.STATE_DIR_ENV,
                "state directory (default .pulse in the repository)");
        out.println();
        out.println("Options of up:");
        UpConfig.help().forEach(out::println);
    }

    /**
     * Points slf4j-simple at a file. Must run before the first logger is created, since
     * slf4j-simple reads its settings once.
     */
    private static void logTo(Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            return; // the log stays on stderr
        }
        setIfAbsent("org.slf4j.simpleLogger.logFile", file.toString());
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        // Every client prints its whole configuration at start; keep the log readable.
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.common.config", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.clients.producer.ProducerConfig", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.clients.consumer.ConsumerConfig", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.clients.admin.AdminClientConfig", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.streams.StreamsConfig", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.kafka.server.KafkaConfig", "warn");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
