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

/** GET /api/stream: Server-Sent Events that tell every page when the figures or the rejections change. */
class EventStreamTest extends BoardOnTheSmallProvince {

    private InMemoryStreams streams;
    private DashboardServer server;
    private final List<Thread> readers = new ArrayList<>();

    @BeforeEach
    void start() {
        streams = Fixtures.streams();
        server = board(streams);
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
        assertThat(first.path("month").asText()).isEqualTo("2025-06");
        assertThat(first.at("/sources/postgres").asText()).isEqualTo("UP");
        assertThat(first.at("/rejections/total").asLong()).isEqualTo(8);
        assertThat(first.path("figures").asText()).isNotEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aChangeOfTheFiguresInPostgresIsPushedAndNothingElseIs() throws Exception {
        BlockingQueue<JsonNode> events = listen(new HttpResponse[1]);
        JsonNode first = events.poll(15, TimeUnit.SECONDS);
        assertThat(first).isNotNull();

        // ten rounds of the watcher (100 ms each) with nothing new: no event
        assertThat(events.poll(1, TimeUnit.SECONDS)).isNull();

        province.execute("update reporting.branch_current set members_active = 31, members_probationary = 3, "
                + "updated_at = now() where branch_id = 'B001'");
        JsonNode next = events.poll(15, TimeUnit.SECONDS);

        assertThat(next).isNotNull();
        assertThat(next.path("version").asLong()).isEqualTo(first.path("version").asLong() + 1);
        assertThat(next.path("figures").asText()).isNotEqualTo(first.path("figures").asText());
        assertThat(Http.json(server.url() + "api/province").at("/unit/current/membersActive").asInt()).isEqualTo(78);
        province.execute("update reporting.branch_current set members_active = 30, members_probationary = 2, "
                + "updated_at = now() where branch_id = 'B001'");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyClientHearsOfTheChange() throws Exception {
        BlockingQueue<JsonNode> one = listen(new HttpResponse[1]);
        BlockingQueue<JsonNode> two = listen(new HttpResponse[1]);
        assertThat(one.poll(15, TimeUnit.SECONDS)).isNotNull();
        assertThat(two.poll(15, TimeUnit.SECONDS)).isNotNull();

        streams.rejected("UNKNOWN_BRANCH", 4);

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
