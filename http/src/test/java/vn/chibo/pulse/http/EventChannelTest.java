package vn.chibo.pulse.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Event streams within bounds: a slow client is dropped, not buffered for; no more clients than allowed. */
class EventChannelTest {

    private WebServer server;
    private EventChannel channel;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(Map<String, Object> settings) {
        HttpSettings http = HttpSettings.of("test.", settings);
        channel = new EventChannel("test", http, Duration.ofMillis(200), () -> EventChannel.event("0", "hello", "{\"n\":0}"));
        server = WebServer.builder("test server", http)
                .get("/health", call -> Reply.ok(Map.of("status", "UP")))
                .events("/stream", channel)
                .start("127.0.0.1", 0);
    }

    /** Opens the stream on a raw socket; {@code receiveBuffer} > 0 makes the client's window that small. */
    private Socket open(int receiveBuffer) throws Exception {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
        sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket;
    }

    /** Reads the stream's data lines into a queue, on a thread of its own. */
    private BlockingQueue<String> listen(Socket socket) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("data: ") || line.startsWith("HTTP/1.1")) {
                        lines.add(line);
                    }
                }
            } catch (Exception e) {
                // closed
            }
            lines.add("<closed>");
        }, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static void await(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void aClientGetsTheFirstEventThenEachOnePublished() throws Exception {
        start(new HashMap<>());
        BlockingQueue<String> lines = listen(open(0));
        assertThat(lines.poll(5, TimeUnit.SECONDS)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(lines.poll(5, TimeUnit.SECONDS)).isEqualTo("data: {\"n\":0}");
        await(() -> channel.clientCount() == 1, Duration.ofSeconds(5));
        channel.publish(EventChannel.event("1", "snapshot", "{\"n\":1}"));
        assertThat(lines.poll(5, TimeUnit.SECONDS)).isEqualTo("data: {\"n\":1}");
    }

    @Test
    void aClientThatDoesNotReadIsDroppedWhileOthersGoOn() throws Exception {
        start(new HashMap<>(Map.of("test.sse.queue.events", 4)));
        Socket slow = open(4_096); // never read
        BlockingQueue<String> reader = listen(open(0));
        await(() -> channel.clientCount() == 2, Duration.ofSeconds(5));
        assertThat(channel.clientCount()).isEqualTo(2);

        String big = "x".repeat(64 * 1024);
        for (int i = 1; i <= 200 && channel.dropped() == 0; i++) {
            channel.publish(EventChannel.event(Integer.toString(i), "snapshot", "{\"n\":" + i + ",\"pad\":\"" + big + "\"}"));
            Thread.sleep(5);
        }
        await(() -> channel.dropped() == 1, Duration.ofSeconds(10));

        assertThat(channel.dropped()).as("the client that never reads is dropped").isEqualTo(1);
        assertThat(channel.clientCount()).as("the reading client stays").isEqualTo(1);
        assertThat(channel.deepestQueue()).as("no queue grew past its bound").isLessThanOrEqualTo(4);
        slow.setSoTimeout(10_000);
        byte[] drain = new byte[65_536];
        long read = 0;
        for (int n; (n = slow.getInputStream().read(drain)) >= 0; ) {
            read += n; // what the kernel held; then the end of the connection
        }
        assertThat(read).as("the dropped client got only what was in flight").isLessThan(64L * 1024 * 100);
        channel.publish(EventChannel.event("last", "snapshot", "{\"n\":\"last\"}"));
        String line;
        do {
            line = reader.poll(10, TimeUnit.SECONDS);
        } while (line != null && !line.equals("data: {\"n\":\"last\"}"));
        assertThat(line).isEqualTo("data: {\"n\":\"last\"}");
    }

    @Test
    void clientsBeyondTheMaximumAreRefused503() throws Exception {
        start(new HashMap<>(Map.of("test.sse.max.clients", 2)));
        listen(open(0));
        listen(open(0));
        await(() -> channel.clientCount() == 2, Duration.ofSeconds(5));
        Raw.Answer third = Raw.get(server.port(), "/stream");
        assertThat(third.status()).isEqualTo(503);
        assertThat(third.header("Content-Type")).startsWith("application/json");
        assertThat(third.body()).contains("too many event-stream clients");
        assertThat(Raw.get(server.port(), "/health").status()).isEqualTo(200);
    }

    @Test
    void closingTheServerEndsTheStreams() throws Exception {
        start(new HashMap<>());
        BlockingQueue<String> lines = listen(open(0));
        assertThat(lines.poll(5, TimeUnit.SECONDS)).isEqualTo("HTTP/1.1 200 OK");
        long started = System.nanoTime();
        server.close();
        String line;
        do {
            line = lines.poll(5, TimeUnit.SECONDS);
        } while (line != null && !line.equals("<closed>"));
        assertThat(line).isEqualTo("<closed>");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
}
