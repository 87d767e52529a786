package vn.chibo.pulse.http.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.chibo.pulse.http.AllowedHosts;
import vn.chibo.pulse.http.BasicAuthentication;
import vn.chibo.pulse.http.Call;
import vn.chibo.pulse.http.HttpError;
import vn.chibo.pulse.http.Reply;
import vn.chibo.pulse.http.Route;

/**
 * Every request, in this order: its Host must name the server (400), a declared body must be within the
 * limit (413), a CORS preflight is answered for the allowed origins only, credentials when authentication is
 * on (401), GET or HEAD (405), a free place among the requests answered at once (503), then the route: an
 * event stream, an exact path, or the longest prefix. Every refusal is JSON: {@code {"error": "..."}}.
 */
public final class Entrance extends Handler.Abstract {

    private static final Logger log = LoggerFactory.getLogger(Entrance.class);

    private final String name;
    private final AllowedHosts hosts;
    private final Set<String> origins;
    private final BasicAuthentication authentication;
    private final Set<String> openPaths;
    private final long maxBodyBytes;
    private final Semaphore requests;
    private final int maxRequests;
    private final Map<String, Route> exact = new ConcurrentHashMap<>();
    private final NavigableMap<String, Route> prefixes = new ConcurrentSkipListMap<>();
    private final Map<String, EventClients> streams = new ConcurrentHashMap<>();

    public Entrance(String name, AllowedHosts hosts, List<String> origins, BasicAuthentication authentication,
                    Set<String> openPaths, long maxBodyBytes, int maxRequests) {
        super(InvocationType.BLOCKING);
        this.name = name;
        this.hosts = hosts;
        this.origins = Set.copyOf(origins.stream().filter(o -> !o.isBlank()).map(Entrance::origin).toList());
        this.authentication = authentication;
        this.openPaths = Set.copyOf(openPaths);
        this.maxBodyBytes = maxBodyBytes;
        this.requests = new Semaphore(maxRequests);
        this.maxRequests = maxRequests;
    }

    public void exact(String path, Route route) {
        exact.put(path, route);
    }

    public void prefix(String prefix, Route route) {
        prefixes.put(prefix, route);
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
            response.getHeaders().put(HttpHeader.CONNECTION, "close"); // the body is never read
            return refuse(response, callback, 413, "a request body may have at most " + maxBodyBytes + " bytes, this one "
                    + "has " + length);
        }
        if (length < 0 && headers.contains(HttpHeader.TRANSFER_ENCODING)) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            return refuse(response, callback, 413, "a request body must declare its length (at most " + maxBodyBytes
                    + " bytes); this server reads no chunked body");
        }
        String origin = headers.get(HttpHeader.ORIGIN);
        boolean corsGranted = origin != null && origins.contains(origin(origin));
        response.getHeaders().add(HttpHeader.VARY, "Origin");
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
                    ? "these credentials are not those of a user of this server"
                    : "this server needs HTTP basic credentials");
        }
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return refuse(response, callback, 405, "method " + method + " is not allowed here; use GET");
        }
        EventClients stream = streams.get(path);
        if (stream != null) {
            if (head || !stream.attach(request, response, callback)) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
                return refuse(response, callback, head ? 405 : 503, head ? "an event stream has no HEAD"
                        : "too many event-stream clients at once; try again later");
            }
            return true;
        }
        Route route = route(path);
        if (route == null) {
            return refuse(response, callback, 404, "no such resource: " + path);
        }
        boolean admitted;
        try {
            admitted = requests.tryAcquire(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            return refuse(response, callback, 503, "busy: " + maxRequests + " requests are being answered; try again");
        }
        Reply reply;
        try {
            Call call = new Call(method, path, request.getHttpURI().getQuery(), headers::get);
            reply = route.answer(call);
            if (reply == null) {
                reply = Reply.error(404, "no such resource: " + path);
            }
        } catch (HttpError e) {
            reply = Reply.error(e.status(), e.getMessage());
        } catch (Exception e) {
            log.warn("{}: answering {} {} failed", name, method, request.getHttpURI(), e);
            reply = Reply.error(500, "internal error: " + e);
        } finally {
            requests.release();
        }
        send(response, callback, reply, head);
        return true;
    }

    private Route route(String path) {
        Route route = exact.get(path);
        if (route != null) {
            return route;
        }
        for (Map.Entry<String, Route> e = prefixes.floorEntry(path); e != null; e = prefixes.lowerEntry(e.getKey())) {
            if (path.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean refuse(Response response, Callback callback, int status, String message) {
        send(response, callback, Reply.error(status, message), false);
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
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
    }

    /** An origin as browsers send it: lower case, no trailing slash. */
    private static String origin(String origin) {
        String o = origin.trim().toLowerCase(java.util.Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
