package vn.chibo.pulse.launch;

/**
 * A started service, as its starter hands it to {@link ServiceLauncher}.
 *
 * @param service closed on SIGTERM or Ctrl-C
 * @param ready   said once it runs, after {@code pulse NAME: } (scripts and tests wait for it), e.g. {@code queries at URL}
 * @param ending  how the service stops on its own, or null when only a signal stops it
 */
public record Running(AutoCloseable service, String ready, Ending ending) {

    /** How a service that can stop on its own is waited for. */
    @FunctionalInterface
    public interface Ending {
        /** Blocks until the service stopped (closed, or failed for good); returns whether it failed. */
        boolean awaitFailed() throws InterruptedException;
    }

    /** A service that runs until it is told to stop. */
    public static Running untilStopped(AutoCloseable service, String ready) {
        return new Running(service, ready, null);
    }
}
