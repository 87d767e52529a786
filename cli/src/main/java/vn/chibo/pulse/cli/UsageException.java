package vn.chibo.pulse.cli;

/** The command line is wrong; the message tells the user what to fix. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
