package vn.chibo.pulse.dashboard;

/** The dashboard could not start; the message says why in words an operator can act on. */
public final class DashboardStartException extends RuntimeException {
    public DashboardStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
