package vn.chibo.pulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/stream: Server-Sent Events that carry a snapshot whenever the figures change. */
class EventStreamTest {

    private InMemoryAggregates aggregates;
    private DashboardServer server;
    private final List<Thread> readers = new ArrayList<>();

    @BeforeEach
    void start() {
        aggregates = Fixtures.twoDistricts();
        server = DashboardServer.start(Fixtures.config(), aggregates, Fixtures.clock());
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        for (Thread t : readers) {
            t.join(5_000);
        }
    }

    /** Opens the stream and collects the data of each event. */
    private BlockingQueue<JsonNode> listen(HttpResponse<Stream<String>>[] holder) throws Exception {
        HttpResponse<Stream<String>> response = Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.url() + "api/stream")).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        holder[0] = response;
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> response.body().forEach(line -> {
            if (line.startsWith("data: ")) {
                try {
                    events.add(Http.JSON.readTree(line.substring(6)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        readers.add(reader);
        return events;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNewClientGetsTheLatestSnapshotAtOnce() throws Exception {
        HttpResponse<Stream<String>>[] response = new HttpResponse[1];
        BlockingQueue<JsonNode> events = listen(response);

        assertThat(response[0].statusCode()).isEqualTo(200);
        assertThat(response[0].headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        JsonNode first = events.poll(15, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first.at("/province/current/membersActive").asInt()).isEqualTo(17_460);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aChangeOfTheAggregatesIsPushedAndNothingElseIs() throws Exception {
        BlockingQueue<JsonNode> events = listen(new HttpResponse[1]);
        JsonNode first = events.poll(15, TimeUnit.SECONDS);
        assertThat(first).isNotNull();

        // Five rounds of the watcher with nothing new: no event. Counted rather than timed, so a slow machine
        // only makes the wait longer.
        int pollsBefore = aggregates.lastChangedCalls();
        Eventually.get(() -> aggregates.lastChangedCalls() - pollsBefore >= 5 ? true : null);
        assertThat(events.poll()).isNull();

        aggregates.current(new DistrictTotals("D07", 8_121, 7_802, 319, 5_011, 1_200, 1_910, 120, 30, 45));
        JsonNode next = events.poll(15, TimeUnit.SECONDS);

        assertThat(next).isNotNull();
        assertThat(next.path("version").asLong()).isEqualTo(first.path("version").asLong() + 1);
        assertThat(next.at("/province/current/membersActive").asInt()).isEqualTo(17_461);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyClientHearsOfTheChange() throws Exception {
        BlockingQueue<JsonNode> one = listen(new HttpResponse[1]);
        BlockingQueue<JsonNode> two = listen(new HttpResponse[1]);
        assertThat(one.poll(15, TimeUnit.SECONDS)).isNotNull();
        assertThat(two.poll(15, TimeUnit.SECONDS)).isNotNull();

        aggregates.rejected("UNKNOWN_BRANCH", 4);

        assertThat(one.poll(15, TimeUnit.SECONDS).at("/rejections/total").asLong()).isEqualTo(9);
        assertThat(two.poll(15, TimeUnit.SECONDS).at("/rejections/total").asLong()).isEqualTo(9);
        assertThat(Http.json(server.url() + "health").path("streamClients").asInt()).isEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void closingTheServerEndsOpenStreamsPromptly() throws Exception {
        BlockingQueue<JsonNode> events = listen(new HttpResponse[1]);
        assertThat(events.poll(15, TimeUnit.SECONDS)).isNotNull();

        long started = System.nanoTime();
        server.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        readers.get(0).join(5_000);
        assertThat(readers.get(0).isAlive()).isFalse();
    }
}
