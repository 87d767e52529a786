package vn.chibo.pulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The footer's line on the last ./pulse reconcile, in a real headless Chromium, both languages. */
class ReconciliationInBrowserTest {

    private static BoardInBrowser board;

    @BeforeAll
    static void start() throws Exception {
        board = BoardInBrowser.open(1440, 900);
    }

    @AfterAll
    static void stop() throws Exception {
        if (board != null) {
            board.close();
        }
    }

    /** Waits until the footer says {@code text} (a JSON string is a JavaScript literal) and returns it. */
    private static String footerSays(String text) throws Exception {
        board.browser.waitFor("(document.getElementById('foot-reconcile') || {}).textContent === "
                + Http.JSON.writeValueAsString(text), Duration.ofSeconds(30));
        return board.page.text("foot-reconcile");
    }

    /** An instant as the page shows it, in the browser's time zone. */
    private static String shown(String instant) {
        ZoneId zone = ZoneId.of(board.browser.text("Intl.DateTimeFormat().resolvedOptions().timeZone"));
        return DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").format(Instant.parse(instant).atZone(zone));
    }

    @Test
    void theFooterSaysWhetherTheLastReconciliationAgreedAndWhen() throws Exception {
        board.browser.navigate(board.server.url() + "?lang=vi");
        board.browser.waitFor("window.pulse && window.pulse.renders > 0", Duration.ofSeconds(30));
        assertThat(footerSays("Chưa đối soát")).isEqualTo("Chưa đối soát");

        ReconcileRuns.create(board.province);
        ReconcileRuns.record(board.province, "2026-12-06T02:10:00Z", "true", 0, 670_960);
        footerSays("Đối soát lần cuối: " + shown("2026-12-06T02:10:00Z") + " — khớp (670.960 ô)");
        assertThat(board.browser.text("document.getElementById('foot-reconcile').className")).isEqualTo("reconcile");

        ReconcileRuns.record(board.province, "2026-12-06T03:00:00Z", "false", 3, 670_960);
        footerSays("Đối soát lần cuối: " + shown("2026-12-06T03:00:00Z") + " — KHÔNG khớp: 3 ô khác");
        assertThat(board.browser.text("document.getElementById('foot-reconcile').className"))
                .isEqualTo("reconcile differed");
        BoardInBrowser.saveScreenshot("reconciliation-differed", board.browser.screenshot());

        board.browser.evaluate("document.getElementById('lang-en').click()");
        footerSays("Last reconciliation: " + shown("2026-12-06T03:00:00Z") + " — DID NOT agree: 3 cells differ");
        assertThat(board.browser.errors()).isEmpty();
    }
}
