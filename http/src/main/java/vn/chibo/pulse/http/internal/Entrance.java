package vn.chibo.pulse.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.chibo.pulse.http.AllowedHosts;
import vn.chibo.pulse.http.BasicAuthentication;
import vn.chibo.pulse.http.Call;
import vn.chibo.pulse.http.ErrorShape;
import vn.chibo.pulse.http.HttpError;
import vn.chibo.pulse.http.Reply;
import vn.chibo.pulse.http.Route;

/**
 * Every request, in this order: its Host must name the server (400), a declared body must be within the
 * limit (413), a CORS preflight is answered for the allowed origins only, credentials when authentication is
 * on (401), a route for the path (404) and the method (405), a free place among the requests answered at
 * once (503), then the route: an event stream, an exact path, or the longest prefix. A route that takes a
 * body gets it read whole within the limit (413 past it); the others take none, and a chunked one is
 * refused. Every refusal is written in the server's {@link ErrorShape}.
 */
public final class Entrance extends Handler.Abstract {

    private static final Logger log = LoggerFactory.getLogger(Entrance.class);
    private static final Set<String> READ_ONLY = Set.of("GET", "HEAD");

    /** A route with the methods it answers and whether it takes a body. */
    private record Registration(Route route, Set<String> methods, boolean takesBody) {
    }

    private final String name;
    private final AllowedHosts hosts;
    private final Set<String> origins;
    private final BasicAuthentication authentication;
    private final Set<String> openPaths;
    private final long maxBodyBytes;
    private final Semaphore requests;
    private final int maxRequests;
    private final int maxWaiting;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ErrorShape errors;
    private final Map<String, Registration> exact = new ConcurrentHashMap<>();
    private final NavigableMap<String, Registration> prefixes = new ConcurrentSkipListMap<>();
    private final Map<String, EventClients> streams = new ConcurrentHashMap<>();

    public Entrance(String name, AllowedHosts hosts, List<String> origins, BasicAuthentication authentication,
                    Set<String> openPaths, long maxBodyBytes, int maxRequests, int maxWaiting, ErrorShape errors) {
        super(InvocationType.BLOCKING);
        this.name = name;
        this.hosts = hosts;
        this.origins = Set.copyOf(origins.stream().filter(o -> !o.isBlank()).map(Entrance::origin).toList());
        this.authentication = authentication;
        this.openPaths = Set.copyOf(openPaths);
        this.maxBodyBytes = maxBodyBytes;
        this.requests = new Semaphore(maxRequests);
        this.maxRequests = maxRequests;
        this.maxWaiting = maxWaiting;
        this.errors = errors;
    }

    public void exact(String path, Route route) {
        exact.put(path, new Registration(route, READ_ONLY, false));
    }

    public void prefix(String prefix, Route route) {
        prefixes.put(prefix, new Registration(route, READ_ONLY, false));
    }

    /** Every method of {@code methods} under {@code prefix}, the body read for the route. */
    public void prefix(String prefix, Set<String> methods, Route route) {
        prefixes.put(prefix, new Registration(route, Set.copyOf(methods), true));
    }

    public void stream(String path, EventClients clients) {
        streams.put(path, clients);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        HttpFields headers = request.getHeaders();
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");

        String host = headers.get(HttpHeader.HOST);
        if (!hosts.admits(host)) {
            return refuse(response, callback, 400, "this server is not known by the host name '" + host
                    + "' (a defence against DNS rebinding); call it by one of " + hosts.names());
        }
        long length = request.getLength();
        if (length > maxBodyBytes) {
            return tooLarge(response, callback, "this one has " + length);
        }
        String origin = headers.get(HttpHeader.ORIGIN);
        boolean corsGranted = origin != null && origins.contains(origin(origin));
        if (!origins.isEmpty()) {
            response.getHeaders().add(HttpHeader.VARY, "Origin");
        }
        if (corsGranted) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            if (authentication != null) {
                response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            }
        }
        if (method.equals("OPTIONS") && origin != null && headers.contains(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD)) {
            if (!corsGranted) {
                return refuse(response, callback, 403, "the origin " + origin + " may not read this server's answers");
            }
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD");
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization");
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
            response.setStatus(204);
            callback.succeeded();
            return true;
        }
        if (authentication != null && !openPaths.contains(path) && !authentication.admits(headers.get(HttpHeader.AUTHORIZATION))) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, authentication.challenge());
            return refuse(response, callback, 401, headers.contains(HttpHeader.AUTHORIZATION)
                    ? "Unauthorized: these credentials are not those of a user of this server"
                    : "Unauthorized: this server needs HTTP basic credentials");
        }
        boolean head = method.equals("HEAD");
        EventClients stream = streams.get(path);
        if (stream != null) {
            if (!method.equals("GET")) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET");
                return refuse(response, callback, 405, "method " + method + " is not allowed here; use GET");
            }
            if (!stream.attach(request, response, callback)) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
                return refuse(response, callback, 503, "too many event-stream clients at once; try again later");
            }
            return true;
        }
        Registration registration = route(path);
        if (registration == null) {
            return refuse(response, callback, 404, "no such resource: " + path);
        }
        if (!registration.methods().contains(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", registration.methods().stream().sorted().toList()));
            return refuse(response, callback, 405, "method " + method + " is not allowed here; use "
                    + String.join(" or ", registration.methods().stream().sorted().toList()));
        }
        boolean chunked = length < 0 && headers.contains(HttpHeader.TRANSFER_ENCODING);
        if (chunked && !registration.takesBody()) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            return refuse(response, callback, 413, "a request body must declare its length (at most " + maxBodyBytes
                    + " bytes); this server reads no chunked body here");
        }
        byte[] body = new byte[0];
        if (registration.takesBody() && length != 0) {
            try (InputStream in = Content.Source.asInputStream(request)) {
                body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            } catch (IOException e) {
                log.debug("{}: reading a request body failed: {}", name, e.toString());
                callback.failed(e);
                return true;
            }
            if (body.length > maxBodyBytes) {
                return tooLarge(response, callback, "this one has more");
            }
        }
        if (!admit()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            return refuse(response, callback, 503, "busy: " + maxRequests + " requests are being answered; try again");
        }
        Reply reply;
        try {
            Call call = new Call(method, path, request.getHttpURI().getQuery(), headers::get, body)
                    .withRawPath(request.getHttpURI().getPath());
            reply = registration.route().answer(call);
            if (reply == null) {
                reply = errors.reply(404, "no such resource: " + path);
            }
        } catch (HttpError e) {
            reply = errors.reply(e.status(), e.getMessage());
        } catch (Exception e) {
            log.warn("{}: answering {} {} failed", name, method, request.getHttpURI(), e);
            reply = errors.reply(500, "internal error: " + e);
        } finally {
            requests.release();
        }
        send(response, callback, reply, head);
        return true;
    }

    /** A place among the requests answered at once, waiting up to a second if {@code maxWaiting} others do not wait already. */
    private boolean admit() {
        if (requests.tryAcquire()) {
            return true;
        }
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            return false;
        }
        try {
            return requests.tryAcquire(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting.decrementAndGet();
        }
    }

    private Registration route(String path) {
        Registration registration = exact.get(path);
        if (registration != null) {
            return registration;
        }
        for (Map.Entry<String, Registration> e = prefixes.floorEntry(path); e != null; e = prefixes.lowerEntry(e.getKey())) {
            if (path.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    private boolean tooLarge(Response response, Callback callback, String which) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close"); // the rest of the body is never read
        return refuse(response, callback, 413, "Payload Too Large: a request body may have at most " + maxBodyBytes
                + " bytes, " + which);
    }

    private boolean refuse(Response response, Callback callback, int status, String message) {
        send(response, callback, errors.reply(status, message), false);
        return true;
    }

    static void send(Response response, Callback callback, Reply reply, boolean head) {
        response.setStatus(reply.status());
        HttpFields.Mutable out = response.getHeaders();
        reply.headers().forEach(out::put);
        byte[] body = reply.body();
        if (reply.contentType() != null) {
            out.put(HttpHeader.CONTENT_TYPE, reply.contentType());
        }
        if (reply.status() == 304 || reply.status() == 204) {
            callback.succeeded();
            return;
        }
        out.put(new HttpField(HttpHeader.CONTENT_LENGTH, Long.toString(body.length)));
        response.write(true, head || body.length == 0 ? null : ByteBuffer.wrap(body), callback);
    }

    /** An origin as browsers send it: lower case, no trailing slash. */
    private static String origin(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
