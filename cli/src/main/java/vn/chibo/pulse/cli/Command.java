package vn.chibo.pulse.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * One subcommand of {@code ./pulse}. The same shape as the module commands
 * ({@code PublishCommand.run}, {@code ImportMeetingsCommand.run}), so they plug in as method references.
 */
@FunctionalInterface
public interface Command {

    /** Exit status: all went well. */
    int OK = 0;
    /** Exit status: the command ran but something failed (e.g. some lines rejected, a component failed). */
    int FAILED = 1;
    /** Exit status: bad usage or no connection. */
    int USAGE = 2;

    /**
     * @param args      the arguments after the subcommand name, global flags removed
     * @param endpoints resolved connection settings, keyed as in {@code .pulse/endpoints.properties}
     *                  (see {@link Endpoints}); a key is absent when nothing set it
     * @return the exit status
     */
    int run(List<String> args, Map<String, String> endpoints, PrintStream out, PrintStream err) throws Exception;
}
