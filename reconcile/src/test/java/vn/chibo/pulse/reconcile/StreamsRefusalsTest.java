package vn.chibo.pulse.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import vn.chibo.pulse.http.HttpSettings;
import vn.chibo.pulse.http.PasswordHash;
import vn.chibo.pulse.http.Reply;
import vn.chibo.pulse.http.WebServer;

/** Reconcile reads the streams app's refusals from a query server that asks for basic authentication, as docker-compose runs it. */
class StreamsRefusalsTest {
    private WebServer queries;

    @BeforeEach
    void queryServerBehindBasicAuthentication() {
        HttpSettings settings = HttpSettings.of("http.", Map.of("http.authentication.method", "BASIC",
                "http.authentication.users", "reconcile:" + PasswordHash.create("s3cret".toCharArray(), 1_000)));
        queries = WebServer.builder("streams query server", settings)
                .get("/api/rejections", call -> Reply.ok(new ObjectMapper().createObjectNode().put("waiting", 2)
                        .set("byReason", new ObjectMapper().createObjectNode().put("UNKNOWN_BRANCH", 7))))
                .start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        queries.close();
    }

    @Test
    void readsTheRefusalsWithTheConfiguredCredentials() throws Exception {
        StreamsRefusals.Answer answer = StreamsRefusals.fetch(settings("reconcile", "s3cret"));

        assertThat(answer.waiting()).isEqualTo(2);
        assertThat(answer.byReason().row(List.of("UNKNOWN_BRANCH"))).containsExactly(7L);
    }

    @Test
    void withoutCredentialsOrWithWrongOnesTheServerRefusesAndReconcileSaysSo() {
        assertThatThrownBy(() -> StreamsRefusals.fetch(settings(null, null))).isInstanceOf(IOException.class).hasMessageContaining("401");
        assertThatThrownBy(() -> StreamsRefusals.fetch(settings("reconcile", "wrong"))).isInstanceOf(IOException.class)
                .hasMessageContaining("401");
    }

    private ReconcileSettings settings(String user, String password) {
        ReconcileSettings base = ReconcileSettings.of("unused:9092", "http://unused", "jdbc:postgresql://unused/x", queries.url().toString());
        return new ReconcileSettings(base.kafkaBootstrap(), base.registryUrl(), base.pgUrl(), null, null, base.streamsUrl(), user,
                password, base.applicationId(), base.sinkName(), base.awaitPipeline(), base.timeout(), base.settle(), base.keep());
    }
}
