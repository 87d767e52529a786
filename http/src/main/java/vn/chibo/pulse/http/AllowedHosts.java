package vn.chibo.pulse.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The names a server may be called by, checked against each request's {@code Host} header: a page of
 * another site that a DNS rebinding points at this machine sends its own name there, and is refused.
 */
public final class AllowedHosts {

    /** What loopback is called: the names a browser on this machine uses. */
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1");

    private final Set<String> names;

    private AllowedHosts(Set<String> names) {
        this.names = names;
    }

    /** Exactly these names (or addresses), without port; empty: any Host. */
    public static AllowedHosts of(Collection<String> names) {
        Set<String> set = new LinkedHashSet<>();
        for (String name : names) {
            if (!name.isBlank()) {
                set.add(hostName(name));
            }
        }
        return new AllowedHosts(Set.copyOf(set));
    }

    /**
     * The names configured; none configured: on loopback, only its names (localhost, 127.0.0.1, ::1 and
     * {@code bindHost}); beyond loopback any, since such a server has authentication on.
     */
    public static AllowedHosts forServer(Collection<String> configured, String bindHost) {
        if (configured.stream().anyMatch(n -> !n.isBlank())) {
            return of(configured);
        }
        if (!isLoopback(bindHost)) {
            return of(Set.of());
        }
        Set<String> names = new LinkedHashSet<>(LOOPBACK_NAMES);
        names.add(bindHost);
        return of(names);
    }

    /** Whether a request's Host header (may be null) names this server. */
    public boolean admits(String hostHeader) {
        return names.isEmpty() || hostHeader != null && names.contains(hostName(hostHeader));
    }

    /** The names admitted; empty: any. */
    public Set<String> names() {
        return names;
    }

    /** A Host header's name without port or IPv6 brackets, lower case. */
    public static String hostName(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        return colon >= 0 && h.indexOf(':', colon + 1) < 0 ? h.substring(0, colon) : h;
    }

    /** Whether every address {@code host} names is a loopback address (the wildcard and unknown names are not). */
    public static boolean isLoopback(String host) {
        String h = host.trim();
        if (h.isEmpty() || h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]")) {
            return false;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(h)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
