package vn.chibo.pulse.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLContext;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.chibo.pulse.http.internal.Entrance;
import vn.chibo.pulse.http.internal.JsonErrors;

/**
 * An HTTP entrance of Pulse on Jetty, with the limits, checks and authentication of its {@link HttpSettings}:
 *
 * <pre>{@code
 * WebServer server = WebServer.builder("query server", settings)
 *         .get("/health", call -> Reply.ok(Map.of("state", "RUNNING")))
 *         .getUnder("/api/", call -> ...)
 *         .events("/api/stream", channel)
 *         .start("127.0.0.1", 0);
 * }</pre>
 *
 * It refuses to start on an address other than loopback without authentication.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    /** The socket send buffer of each connection (the kernel doubles it). */
    static final int SEND_BUFFER_BYTES = 64 * 1024;

    private final String name;
    private final Server jetty;
    private final ServerConnector connector;
    private final Entrance entrance;
    private final List<EventChannel> channels;
    private final URI url;
    private boolean closed;

    private WebServer(String name, Server jetty, ServerConnector connector, Entrance entrance, List<EventChannel> channels,
                      boolean tls) {
        this.name = name;
        this.jetty = jetty;
        this.connector = connector;
        this.entrance = entrance;
        this.channels = channels;
        String host = connector.getHost();
        if (host == null || isWildcard(host)) {
            host = "127.0.0.1";
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        this.url = URI.create((tls ? "https://" : "http://") + host + ":" + connector.getLocalPort() + "/");
    }

    /** A server named {@code name} (in logs and messages) with these settings. */
    public static Builder builder(String name, HttpSettings settings) {
        return new Builder(name, settings);
    }

    /** Routes what a running server answers at {@code path} (GET and HEAD), e.g. metrics made after it started. */
    public void get(String path, Route route) {
        entrance.exact(path, route);
    }

    /** The bound address (port 0 in the settings becomes the port picked). */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost() == null ? "0.0.0.0" : connector.getHost(), connector.getLocalPort());
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The base URL, ending with a slash; the wildcard address is written 127.0.0.1. */
    public URI url() {
        return url;
    }

    /** Ends the event streams and stops; requests under way get up to two seconds. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        channels.forEach(EventChannel::close);
        try {
            jetty.stop();
        } catch (java.util.concurrent.TimeoutException e) {
            // clients that kept their connections open past the stop timeout; Jetty has closed them
            log.debug("{}: connections still open when stopping were closed", name);
        } catch (Exception e) {
            log.warn("{}: stopping failed: {}", name, e.toString());
        }
    }

    /**
     * Throws IllegalStateException, naming the settings to set, when {@code host} is beyond loopback and
     * {@code settings} have no authentication: what {@link Builder#start} checks first, for a server that
     * would rather refuse before it prepares anything else.
     */
    public static void requireAuthenticationBeyondLoopback(String name, HttpSettings settings, String host) {
        if (settings.authentication() == null && !AllowedHosts.isLoopback(host)) {
            throw new IllegalStateException("The " + name + " refuses to listen on "
                    + (isWildcard(host) ? "every interface (" + (host.isEmpty() ? "empty host" : host) + ")" : host)
                    + " without authentication: any machine that reaches it could use it. Set "
                    + settings.prefix() + HttpSettings.AUTHENTICATION_METHOD + "=BASIC and " + settings.prefix()
                    + HttpSettings.AUTHENTICATION_USERS + " (name:hash, the hash from ./pulse hash-password), or listen"
                    + " on 127.0.0.1.");
        }
    }

    private static boolean isWildcard(String host) {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** What the server answers and under which limits. */
    public static final class Builder {
        private final String name;
        private final HttpSettings settings;
        private final List<Runnable> routes = new ArrayList<>();
        private final List<EventChannel> channels = new ArrayList<>();
        private final Set<String> open = new HashSet<>();
        private Entrance entrance;
        private ErrorShape errors = Reply::error;
        private SSLContext tls;
        private int maxWaiting = -1;
        private boolean encodedSlashes;

        private Builder(String name, HttpSettings settings) {
            this.name = name;
            this.settings = settings;
        }

        /** GET and HEAD of exactly {@code path}. */
        public Builder get(String path, Route route) {
            routes.add(() -> entrance.exact(path, route));
            return this;
        }

        /** GET and HEAD of every path starting with {@code prefix} that no exact path or longer prefix takes. */
        public Builder getUnder(String prefix, Route route) {
            routes.add(() -> entrance.prefix(prefix, route));
            return this;
        }

        /** GET of {@code path} opens an event stream of {@code channel}, closed with the server. */
        public Builder events(String path, EventChannel channel) {
            channels.add(channel);
            routes.add(() -> entrance.stream(path, channel.clients));
            return this;
        }

        /**
         * Every method of {@code methods} on the paths under {@code prefix}; the route gets the request's body,
         * read whole within {@code request.max.bytes} (a chunked one too).
         */
        public Builder handle(String prefix, Set<String> methods, Route route) {
            routes.add(() -> entrance.prefix(prefix, methods, route));
            return this;
        }

        /** Accept {@code %2F} in paths (Jetty refuses it by default as ambiguous): routes read {@link Call#rawPath()}. */
        public Builder encodedSlashes() {
            this.encodedSlashes = true;
            return this;
        }

        /** How refusals and errors are written (default {@code {"error": message}}). */
        public Builder errors(ErrorShape shape) {
            this.errors = shape;
            return this;
        }

        /** Speak HTTPS only, with this context's key and certificate (null: plain HTTP). */
        public Builder tls(SSLContext context) {
            this.tls = context;
            return this;
        }

        /** Requests that may wait (up to a second) for a place among {@code max.requests}; default as many as those. */
        public Builder waiting(int requests) {
            this.maxWaiting = requests;
            return this;
        }

        /** Paths answered without credentials even when authentication is on (health probes that tell only a state). */
        public Builder withoutCredentials(String... paths) {
            open.addAll(List.of(paths));
            return this;
        }

        /**
         * Binds {@code host:port} (0: a free port) and starts; IllegalStateException says why it cannot: an
         * address beyond loopback without authentication, or a port in use.
         */
        public WebServer start(String host, int port) {
            BasicAuthentication authentication = settings.authentication();
            requireAuthenticationBeyondLoopback(name, settings, host);
            int waiting = maxWaiting < 0 ? settings.maxRequests() : maxWaiting;
            entrance = new Entrance(name, AllowedHosts.forServer(settings.allowedHosts(), host), settings.allowedOrigins(),
                    authentication, open, settings.requestMaxBytes(), settings.maxRequests(), waiting, errors);
            routes.forEach(Runnable::run);

            // Requests run on these threads; event streams hold none while they wait.
            QueuedThreadPool threads = new QueuedThreadPool(settings.maxRequests() + Math.min(waiting, 64) + 8, 2);
            threads.setName(name.replace(' ', '-') + "-http");
            threads.setDaemon(true);
            threads.setReservedThreads(0);
            Server jetty = new Server(threads);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            http.setRequestHeaderSize(8_192);
            http.setIdleTimeout(settings.requestTimeout().toMillis());
            if (encodedSlashes) {
                http.setUriCompliance(UriCompliance.DEFAULT.with("encoded slashes", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                        UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
            }
            ServerConnector connector;
            if (tls == null) {
                connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
            } else {
                http.addCustomizer(new SecureRequestCustomizer(false));
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setSslContext(tls);
                connector = new ServerConnector(jetty, 1, 1, new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(http));
            }
            connector.setHost(isWildcard(host) ? null : host);
            connector.setPort(port);
            connector.setIdleTimeout(settings.requestTimeout().toMillis());
            connector.setAcceptQueueSize(128);
            // What the kernel holds for a client that does not read is bounded too (Linux's autotuning would let it
            // grow to megabytes per connection); past it, the client's own queue fills and it is dropped.
            connector.setAcceptedSendBufferSize(SEND_BUFFER_BYTES);
            jetty.addConnector(connector);
            jetty.addBean(new ConnectionLimit(settings.maxConnections(), connector));
            jetty.setErrorHandler(new JsonErrors(errors));
            // A body over the limit is refused by its declared length; a chunked one is never read (every route is a
            // GET), and Jetty closes the connection rather than read what is left of it.
            jetty.setHandler(entrance);
            jetty.setStopTimeout(2_000);
            try {
                jetty.start();
            } catch (Exception e) {
                try {
                    jetty.stop();
                } catch (Exception ignored) {
                    // it did not start
                }
                channels.forEach(EventChannel::close);
                Throwable cause = e instanceof IOException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof BindException || e instanceof BindException) {
                    throw new IllegalStateException("The " + name + " cannot listen on " + host + ":" + port
                            + ": the port is taken (or the address is not this machine's); set another, or 0 for a free one", e);
                }
                throw new IllegalStateException("The " + name + " cannot start on " + host + ":" + port + ": " + e, e);
            }
            WebServer server = new WebServer(name, jetty, connector, entrance, List.copyOf(channels), tls != null);
            log.info("{} listening at {} (authentication {}, {} connections at most)", name, server.url(),
                    authentication == null ? "none, loopback only" : "basic", settings.maxConnections());
            return server;
        }
    }
}
