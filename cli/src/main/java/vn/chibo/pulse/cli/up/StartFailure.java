package vn.chibo.pulse.cli.up;

/** A component could not start; {@link #getMessage()} is one line naming the component and the cause. */
public class StartFailure extends Exception {

    private final String component;

    public StartFailure(String component, String reason, Throwable cause) {
        super(component + " failed to start: " + reason, cause);
        this.component = component;
    }

    public String component() {
        return component;
    }

    /** A one-line reason from an exception: its own message, with the root cause if that adds something. */
    static String reasonOf(Throwable e) {
        String top = firstLine(e.getMessage());
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String rootMessage = firstLine(root.getMessage());
        if (top == null) {
            return rootMessage != null ? rootMessage : e.getClass().getSimpleName();
        }
        if (root != e && rootMessage != null && !top.contains(rootMessage)) {
            return top + ": " + rootMessage;
        }
        return top;
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return null;
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
