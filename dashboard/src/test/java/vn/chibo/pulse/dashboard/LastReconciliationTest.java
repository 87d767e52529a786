package vn.chibo.pulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The last ./pulse reconcile in /api/summary: none, one that agreed, one that did not. */
class LastReconciliationTest extends BoardOnTheSmallProvince {

    private DashboardServer server;

    @BeforeEach
    void start() throws Exception {
        ReconcileRuns.drop(province);
        server = board(Fixtures.streams());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode summary() throws Exception {
        return Http.json(server.url() + "api/summary");
    }

    /** The summary once its reconciliation has finished at {@code finishedAt}. */
    private JsonNode summaryAfter(String finishedAt) throws Exception {
        return Eventually.get(() -> {
            JsonNode s = summary();
            return s.at("/reconciliation/finishedAt").asText().equals(finishedAt) ? s : null;
        });
    }

    @Test
    void withoutTheTableReconcileNeverRanAndTheBoardKeepsWorking() throws Exception {
        JsonNode s = summary(); // the first snapshot is read before the server starts
        assertThat(s.has("reconciliation")).isTrue();
        assertThat(s.get("reconciliation").isNull()).isTrue();
        assertThat(s.at("/sources/postgres").asText()).isEqualTo("UP");
        assertThat(Http.get(server.url() + "health").statusCode()).isEqualTo(200);
        assertThat(Http.json(server.url() + "api/province").at("/unit/current/membersActive").asInt()).isEqualTo(77);
    }

    @Test
    void theLastRunIsShownWithItsTimeAndVerdict() throws Exception {
        ReconcileRuns.create(province);
        ReconcileRuns.record(province, "2026-12-05T10:00:00Z", "false", 1, 670_960);
        ReconcileRuns.record(province, "2026-12-06T02:10:00Z", "true", 0, 670_960);

        JsonNode r = summaryAfter("2026-12-06T02:10:00Z").path("reconciliation");
        assertThat(r.path("agreed").asBoolean()).isTrue();
        assertThat(r.path("differences").asLong()).isZero();
        assertThat(r.path("cellsChecked").asLong()).isEqualTo(670_960);
        assertThat(r.path("eventsRead").asLong()).isEqualTo(253_713);
        assertThat(r.path("startedAt").asText()).isEqualTo("2026-12-06T02:09:33Z");
        assertThat(r.path("note").asText()).isEqualTo("waited 2.1 s");
    }

    @Test
    void aRunThatDisagreedOrGaveNoVerdictIsShownAsSuch() throws Exception {
        ReconcileRuns.create(province);
        ReconcileRuns.record(province, "2026-12-06T02:10:00Z", "true", 0, 670_960);
        ReconcileRuns.record(province, "2026-12-06T03:00:00Z", "false", 3, 670_960);

        JsonNode differed = summaryAfter("2026-12-06T03:00:00Z").path("reconciliation");
        assertThat(differed.path("agreed").isBoolean()).isTrue();
        assertThat(differed.path("agreed").asBoolean()).isFalse();
        assertThat(differed.path("differences").asLong()).isEqualTo(3);

        ReconcileRuns.record(province, "2026-12-06T04:00:00Z", "null", 0, 0);
        assertThat(summaryAfter("2026-12-06T04:00:00Z").at("/reconciliation/agreed").isNull()).isTrue();
    }
}
