package vn.chibo.pulse.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so that a test can send what no well-behaved client would. Public, in the
 * module's test jar, for the entrances built on this layer (the sink's health endpoint).
 */
public final class Raw {

    public record Answer(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private Raw() {
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A GET of {@code path} with {@code extraHeaders} (each "Name: value"), Host 127.0.0.1. */
    public static Answer get(int port, String path, String... extraHeaders) throws IOException {
        return request(port, "GET", path, "127.0.0.1:" + port, extraHeaders);
    }

    /** A {@code method} request of {@code path} with this Host header and {@code extraHeaders} (each "Name: value"). */
    public static Answer request(int port, String method, String path, String host, String... extraHeaders)
            throws IOException {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (String h : extraHeaders) {
            request.append(h).append("\r\n");
        }
        return exchange(port, request.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends {@code request} as it is, reads the answer until the server closes (or 10 s). */
    public static Answer exchange(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before reading all of a refused body
            }
            return parse(readAll(socket.getInputStream()));
        }
    }

    public static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what came so far
        }
        return all.toByteArray();
    }

    public static Answer parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("no HTTP answer: '" + text + "'");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            StringBuilder joined = new StringBuilder();
            String rest = body;
            while (true) {
                int lineEnd = rest.indexOf("\r\n");
                if (lineEnd < 0) {
                    break;
                }
                int size = Integer.parseInt(rest.substring(0, lineEnd).trim(), 16);
                if (size == 0) {
                    break;
                }
                joined.append(rest, lineEnd + 2, Math.min(rest.length(), lineEnd + 2 + size));
                rest = rest.substring(Math.min(rest.length(), lineEnd + 2 + size + 2));
            }
            body = joined.toString();
        }
        return new Answer(status, headers, body);
    }
}
