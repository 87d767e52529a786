package vn.chibo.pulse.dashboard.browser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium (Debian's package), driven through the Chrome DevTools Protocol over
 * the JDK's WebSocket client: no WebDriver, no extra dependency.
 *
 * <p>The browser resolves no host name but 127.0.0.1 and localhost, so a page that tried to load
 * anything from the internet would fail visibly; every request it makes is recorded.
 */
public final class Chromium implements AutoCloseable {

    /** Where Debian puts it; PULSE_CHROMIUM names another binary. */
    public static final String DEFAULT_BINARY = "/usr/bin/chromium";
    public static final String INSTALL_HINT = "apt-get update && apt-get install -y chromium";

    private static final ObjectMapper JSON = new ObjectMapper();
    // a full-page screenshot on a loaded 2-core machine can take a while
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private volatile WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

    private Chromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /**
     * The Chromium binary. Missing, it fails the test under CI (CI=true) and skips it, saying why,
     * on a developer's machine.
     */
    public static Path binary() {
        String configured = System.getenv("PULSE_CHROMIUM");
        Path path = Path.of(configured != null && !configured.isBlank() ? configured : DEFAULT_BINARY);
        if (!Files.isExecutable(path)) {
            String message = "Chromium not found at " + path + ": the browser tests need Debian's chromium. Install it with: "
                    + INSTALL_HINT + " (or set PULSE_CHROMIUM to a Chromium binary)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
        return path;
    }

    /** Starts a headless browser on an empty page, with a window of the given size. */
    public static Chromium launch(int width, int height) throws IOException, InterruptedException {
        Path binary = binary();
        Path profile = Files.createTempDirectory("pulse-chromium-");
        List<String> command = List.of(binary.toString(),
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
                "--disable-dev-shm-usage", "--lang=vi-VN",
                // Nothing but this machine: a page that needs the internet shows it at once.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile,
                // 0: Chromium picks a free port and writes it to DevToolsActivePort in the profile.
                "--remote-debugging-port=0",
                "about:blank");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        try {
            int port = waitForDevToolsPort(process, profile);
            String wsUrl = pageTarget(port);
            Chromium ready = new Chromium(process, profile);
            ready.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(wsUrl), ready.listener())
                    .get(20, TimeUnit.SECONDS);
            ready.send("Runtime.enable", null);
            ready.send("Network.enable", null);
            ready.send("Page.enable", null);
            ready.send("Emulation.setDeviceMetricsOverride",
                    JSON.createObjectNode().put("width", width).put("height", height)
                            .put("deviceScaleFactor", 1).put("mobile", false));
            return ready;
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("cannot talk to Chromium: " + e + "\n" + log(profile), e);
        }
    }

    private WebSocket.Listener listener() {
        StringBuilder buffer = new StringBuilder();
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                buffer.append(data);
                if (last) {
                    String message = buffer.toString();
                    buffer.setLength(0);
                    dispatch(message);
                }
                ws.request(1);
                return null;
            }
        };
    }

    private void dispatch(String message) {
        JsonNode node;
        try {
            node = JSON.readTree(message);
        } catch (IOException e) {
            return;
        }
        if (node.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(node.get("id").asInt());
            if (f != null) {
                if (node.has("error")) {
                    f.completeExceptionally(new IllegalStateException("CDP error: " + node.get("error")));
                } else {
                    f.complete(node.path("result"));
                }
            }
            return;
        }
        String method = node.path("method").asText();
        JsonNode params = node.path("params");
        switch (method) {
            case "Network.requestWillBeSent" -> requests.add(params.at("/request/url").asText());
            case "Runtime.exceptionThrown" -> errors.add("exception: " + params.at("/exceptionDetails").toString());
            case "Runtime.consoleAPICalled" -> {
                if ("error".equals(params.path("type").asText())) {
                    errors.add("console.error: " + params.path("args").toString());
                }
            }
            case "Network.loadingFailed" -> {
                if (!params.path("canceled").asBoolean()) {
                    errors.add("load failed: " + params.path("errorText").asText() + " " + params.path("requestId").asText());
                }
            }
            default -> { }
        }
    }

    /** Sends one DevTools command and waits for its result. */
    public JsonNode send(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        pending.put(id, result);
        try {
            socket.sendText(JSON.writeValueAsString(message), true).get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return result.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            pending.remove(id);
            throw new IllegalStateException(method + " failed: " + e.getMessage(), e);
        }
    }

    /** Loads a page and waits until its scripts have run. */
    public void navigate(String url) throws InterruptedException {
        send("Page.navigate", JSON.createObjectNode().put("url", url));
        waitFor("document.readyState === 'complete' && location.href.startsWith(" + JSON.valueToTree(url) + ")",
                Duration.ofSeconds(20));
    }

    /** The value of a JavaScript expression in the page (awaited if it is a promise). */
    public JsonNode evaluate(String expression) {
        JsonNode r = send("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + expression + " -> " + r.get("exceptionDetails"));
        }
        return r.at("/result/value");
    }

    public String text(String expression) {
        return evaluate(expression).asText();
    }

    /** Waits until a JavaScript expression is true in the page. */
    public void waitFor(String condition, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (evaluate("Boolean(" + condition + ")").asBoolean()) {
                    return;
                }
            } catch (IllegalStateException e) {
                // the page may be between documents
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not true within " + timeout + ": " + condition + "; page errors: " + errors);
    }

    /** A PNG of the whole page, not only the window. */
    public byte[] screenshot() {
        return screenshot(Double.MAX_VALUE);
    }

    /**
     * A PNG of the page from its top, at most {@code maxHeight} CSS pixels tall: a whole province's
     * watch list makes the page tens of thousands of pixels high, which Chromium takes minutes to paint.
     */
    public byte[] screenshot(double maxHeight) {
        JsonNode metrics = send("Page.getLayoutMetrics", null);
        return screenshot(0, 0, metrics.at("/cssContentSize/width").asDouble(),
                Math.min(maxHeight, metrics.at("/cssContentSize/height").asDouble()));
    }

    /** A PNG of one rectangle of the page, in CSS pixels from its top left corner. */
    public byte[] screenshot(double x, double y, double w, double h) {
        ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
        params.putObject("clip").put("x", x).put("y", y).put("width", w).put("height", h).put("scale", 1);
        return Base64.getDecoder().decode(send("Page.captureScreenshot", params).path("data").asText());
    }

    /** Every URL the page has requested so far. */
    public List<String> requestedUrls() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Script exceptions, console errors and failed loads seen so far. */
    public List<String> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    @Override
    public void close() {
        try {
            if (socket != null) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(2, TimeUnit.SECONDS);
            }
        } catch (Exception ignored) {
            // the browser goes anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(profile);
    }

    private static int waitForDevToolsPort(Process process, Path profile) throws IOException, InterruptedException {
        Path file = profile.resolve("DevToolsActivePort");
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("Chromium exited with " + process.exitValue() + ":\n" + log(profile));
            }
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            }
            Thread.sleep(50);
        }
        throw new IOException("Chromium did not open its DevTools port within 30 s:\n" + log(profile));
    }

    /** The WebSocket URL of the first page target, from /json/list. */
    private static String pageTarget(int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(r.body())) {
                if ("page".equals(target.path("type").asText()) && target.has("webSocketDebuggerUrl")) {
                    return target.get("webSocketDebuggerUrl").asText();
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("no page target in http://127.0.0.1:" + port + "/json/list");
    }

    private static String log(Path profile) {
        try {
            String text = Files.readString(profile.resolve("chromium.log"));
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Chromium may still be writing; the temp dir is cleaned by the OS later
                }
            });
        } catch (IOException ignored) {
            // nothing to delete
        }
    }
}
