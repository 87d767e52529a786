package vn.chibo.pulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import vn.chibo.pulse.http.EventChannel;

/**
 * Issue 15: hundreds of event-stream clients that never read. While snapshots are published to all of them,
 * the page and /health keep answering, no client's queue grows past its bound (the slowest are dropped),
 * and the heap stays where it was. Prints the figures for the README:
 * {@code mvn -B -q -pl dashboard test -Dtest=ManyStreamClientsTest} then
 * {@code grep -h 'event-stream clients' dashboard/target/surefire-reports/*ManyStreamClientsTest-output.txt}.
 */
class ManyStreamClientsTest extends BoardOnTheSmallProvince {

    private static final int CLIENTS = 300;
    private static final int QUEUE = 8;
    private static final int ROUNDS = 40;
    /** Each round the watcher publishes a new snapshot, and the latest is published this many times more, as a burst would. */
    private static final int BURST = 15;

    @Test
    void threeHundredClientsThatNeverReadLeaveThePageAndHealthAnsweringAndTheHeapBounded() throws Exception {
        InMemoryStreams streams = Fixtures.streams();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<Socket> sockets = new ArrayList<>();
        try (DashboardServer server = board(streams, "dashboard.sse.queue.events", QUEUE, "dashboard.sse.max.clients", 1_000)) {
            EventChannel channel = server.eventChannel();
            assertThat(get(server.url() + "health").statusCode()).isEqualTo(200);
            long heapBefore = usedAfterGc(memory);

            for (int i = 0; i < CLIENTS; i++) {
                Socket socket = new Socket();
                socket.setReceiveBufferSize(4_096); // a small window: what the server sends backs up soon
                socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
                OutputStream out = socket.getOutputStream();
                out.write(("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                sockets.add(socket); // never read
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (channel.clientCount() < CLIENTS && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(channel.clientCount()).isEqualTo(CLIENTS);
            long heapConnected = usedAfterGc(memory);

            long slowestHealth = 0;
            long slowestPage = 0;
            long peakQueued = 0;
            int published = 0;
            for (int i = 1; i <= ROUNDS; i++) {
                streams.rejected("UNKNOWN_BRANCH", 3 + i); // a new snapshot at the next refresh (100 ms)
                Thread.sleep(150);
                String summary = get(server.url() + "api/summary").body();
                String event = EventChannel.event(Http.JSON.readTree(summary).path("version").asText(), "snapshot", summary);
                for (int b = 0; b < BURST; b++) {
                    channel.publish(event);
                }
                published += 1 + BURST;
                peakQueued = Math.max(peakQueued, channel.queuedNow());
                long started = System.nanoTime();
                HttpResponse<String> health = get(server.url() + "health");
                long healthMs = (System.nanoTime() - started) / 1_000_000;
                started = System.nanoTime();
                HttpResponse<String> page = get(server.url());
                long pageMs = (System.nanoTime() - started) / 1_000_000;
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains("<html");
                slowestHealth = Math.max(slowestHealth, healthMs);
                slowestPage = Math.max(slowestPage, pageMs);
                peakQueued = Math.max(peakQueued, channel.queuedNow());
            }
            long heapWith = usedAfterGc(memory);

            assertThat(slowestHealth).as("slowest /health, ms").isLessThan(2_000);
            assertThat(slowestPage).as("slowest page, ms").isLessThan(2_000);
            assertThat(channel.deepestQueue()).as("events waiting for one client").isLessThanOrEqualTo(QUEUE);
            assertThat(peakQueued).as("events waiting for all clients").isLessThanOrEqualTo((long) CLIENTS * QUEUE);
            assertThat(channel.dropped()).as("clients dropped for falling behind").isPositive();
            assertThat(Math.max(heapConnected, heapWith) - heapBefore).as("heap grown with " + CLIENTS + " stuck clients, bytes")
                    .isLessThan(64L * 1024 * 1024);
            System.out.printf("%d event-stream clients that never read, %d snapshots of %d bytes published: heap used after GC %.1f MiB"
                            + " before, %.1f MiB with all connected, %.1f MiB after the snapshots (%+.1f MiB); deepest queue %d of %d events, %d clients dropped for falling behind; slowest /health %d ms, slowest page %d ms%n",
                    CLIENTS, published, get(server.url() + "api/summary").body().length(), mib(heapBefore), mib(heapConnected), mib(heapWith),
                    mib(Math.max(heapConnected, heapWith) - heapBefore), channel.deepestQueue(),
                    QUEUE, channel.dropped(), slowestHealth, slowestPage);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return Http.CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
