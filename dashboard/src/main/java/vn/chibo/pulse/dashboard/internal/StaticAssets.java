package vn.chibo.pulse.dashboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The page and its assets, read once from the classpath. Everything the page needs is here:
 * it loads nothing from any other host, so it works with no internet.
 */
public final class StaticAssets {

    /** One file: its bytes, content type and a strong ETag. */
    public record Asset(byte[] body, String contentType, String etag) {}

    private static final String ROOT = "/vn/chibo/pulse/dashboard/web/";
    private static final Map<String, String> FILES = Map.of(
            "/index.html", "index.html",
            "/assets/app.js", "app.js",
            "/assets/i18n.js", "i18n.js",
            "/assets/charts.js", "charts.js",
            "/assets/app.css", "app.css",
            "/favicon.svg", "favicon.svg");

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    public StaticAssets() {
        for (Map.Entry<String, String> e : FILES.entrySet()) {
            assets.put(e.getKey(), load(e.getValue()));
        }
        assets.put("/", assets.get("/index.html"));
        assets.put("/favicon.ico", assets.get("/favicon.svg"));
    }

    public Optional<Asset> find(String path) {
        return Optional.ofNullable(assets.get(path));
    }

    private static Asset load(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + ROOT + name);
            }
            byte[] body = in.readAllBytes();
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12) + "\"";
            return new Asset(body, contentType(name), etag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (name.endsWith(".svg")) {
            return "image/svg+xml; charset=utf-8";
        }
        return "application/octet-stream";
    }
}
