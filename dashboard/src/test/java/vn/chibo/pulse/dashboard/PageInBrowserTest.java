package vn.chibo.pulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.chibo.pulse.dashboard.browser.PageReader.viNumber;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import vn.chibo.pulse.dashboard.browser.Chromium;
import vn.chibo.pulse.dashboard.browser.PageReader;

/** The page in a real headless Chromium over a small province in PostgreSQL. */
class PageInBrowserTest {

    private static BoardInBrowser board;
    private static SmallProvince province;
    private static InMemoryStreams streams;
    private static DashboardServer server;
    private static Chromium browser;
    private static PageReader page;

    @BeforeAll
    static void start() throws Exception {
        board = BoardInBrowser.open(1440, 900);
        province = board.province;
        streams = board.streams;
        server = board.server;
        browser = board.browser;
        page = board.page;
    }

    @AfterAll
    static void stop() throws Exception {
        if (board != null) {
            board.close();
        }
    }

    private void open(String query) throws InterruptedException {
        browser.navigate(server.url() + query);
        browser.waitFor("window.pulse && window.pulse.renders > 0 && window.pulse.view", Duration.ofSeconds(30));
    }

    /** One figure of a reporting view, as an analyst would read it. */
    private static long figure(String sql, String... params) throws Exception {
        try (Connection c = province.database().connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Test
    void theBoardDrillsFromTheProvinceToOneBranchShowingWhatPostgresHoldsAtEachLevel() throws Exception {
        open("?lang=vi");
        assertThat(browser.text("new URL(location.href).searchParams.get('month')")).isEqualTo("2025-06");
        Map<String, Map<String, String>> districts = page.table();
        assertThat(districts).containsOnlyKeys("__proto__", "D07", "*");
        assertThat(viNumber(districts.get("*").get("membersActive")))
                .isEqualTo(figure("select members_active from reporting.province_current"));
        assertThat(viNumber(districts.get("D07").get("membersActive")))
                .isEqualTo(figure("select members_active from reporting.district_current where district_code = ?", "D07"));
        assertThat(viNumber(districts.get("D07").get("regularMeetings"))).isEqualTo(figure(
                "select regular_meetings from reporting.district_monthly where district_code = ? and month = '2025-06-01'", "D07"));
        assertThat(viNumber(page.text("kpi-atRisk"))).isEqualTo(figure(
                "select members_at_risk from reporting.province_yearly where year = 2025"));
        screenshot("province");

        page.drillTo("district", "D07");
        Map<String, Map<String, String>> communes = page.table();
        assertThat(communes).containsOnlyKeys("C001", "C002", "*");
        assertThat(viNumber(communes.get("C001").get("membersActive")))
                .isEqualTo(figure("select members_active from reporting.commune_current where commune_code = ?", "C001"));
        assertThat(viNumber(communes.get("C001").get("admissions"))).isEqualTo(figure(
                "select admissions from reporting.commune_monthly where commune_code = ? and month = '2025-06-01'", "C001"));
        assertThat(browser.text("location.search")).contains("level=district").contains("code=D07");
        screenshot("district");

        page.drillTo("commune", "C001");
        Map<String, Map<String, String>> branches = page.table();
        assertThat(branches).containsOnlyKeys("B001", "B002");
        Map<String, String> yenHoa = branches.get("B001");
        assertThat(yenHoa.get("name")).startsWith("Chi bộ thôn Yên Hòa");
        assertThat(viNumber(yenHoa.get("membersActive")))
                .isEqualTo(figure("select members_active from reporting.branch_current where branch_id = ?", "B001"));
        assertThat(yenHoa.get("regularHeld")).isEqualTo("Đã sinh hoạt");
        assertThat(branches.get("B002").get("regularHeld")).isEqualTo("Chưa sinh hoạt");
        assertThat(yenHoa.get("thematicMeetings")).isEqualTo("1");
        assertThat(yenHoa.get("attendance")).isEqualTo("54/58 (93,1\u00a0%)");
        assertThat(yenHoa.get("superior")).isEqualTo("1/2");
        assertThat(yenHoa.get("selfCriticism")).isEqualTo("2/2");
        assertThat(yenHoa.get("quality")).isEqualTo("85,0 · 1 tốt · 1 khá · 0 TB · 0 kém");
        screenshot("commune");

        page.drillTo("branch", "B001");
        assertThat(page.table()).containsOnlyKeys("B001");
        assertThat(viNumber(page.text("kpi-membersActive")))
                .isEqualTo(figure("select members_active from reporting.branch_current where branch_id = ?", "B001"));
        assertThat(browser.text("Array.from(document.querySelectorAll('#crumbs a')).map(a => a.textContent).join('|')"))
                .isEqualTo("Toàn tỉnh|Huyện Đức Thọ|Xã Tùng Ảnh|Chi bộ thôn Yên Hòa");
        screenshot("branch");

        // the view lives in the URL: opened afresh it shows the same branch, and the level switch goes back up
        open(browser.text("location.search"));
        assertThat(browser.text("window.pulse.view.unit.code")).isEqualTo("B001");
        browser.evaluate("document.querySelector('#levels button[data-level=province]').click()");
        browser.waitFor("window.pulse.view.unit.level === 'province'", Duration.ofSeconds(30));
        assertThat(browser.errors()).isEmpty();
    }

    @Test
    void theMonthPickerShowsAnotherMonthAndKeepsItInTheUrl() throws Exception {
        open("?lang=vi&level=commune&code=C001");
        assertThat(browser.text("document.getElementById('month-picker').value")).isEqualTo("2025-06");

        browser.evaluate("(() => { const p = document.getElementById('month-picker'); p.value = '2025-05';"
                + " p.dispatchEvent(new Event('change')); return true; })()");
        browser.waitFor("window.pulse.view.month === '2025-05'", Duration.ofSeconds(30));

        assertThat(page.table().get("B002").get("regularHeld")).isEqualTo("Đã sinh hoạt");
        assertThat(page.table().get("B001").get("regularHeld")).isEqualTo("Chưa sinh hoạt");
        assertThat(browser.text("location.search")).contains("month=2025-05");
    }

    @Test
    void codesThatNameObjectPropertiesAndNamesWithMarkupAreShownAsText() throws Exception {
        open("?lang=vi&level=commune&code=constructor");

        Map<String, Map<String, String>> branches = page.table();
        assertThat(branches).containsOnlyKeys("toString");
        assertThat(branches.get("toString").get("name")).startsWith("Chi bộ Trường THCS <Kim Song>");
        assertThat(browser.text("Array.from(document.querySelectorAll('#crumbs a')).map(a => a.textContent).join('|')"))
                .isEqualTo("Toàn tỉnh|Huyện Can Lộc|Xã Kim Song Trường");
        assertThat(browser.evaluate("document.querySelectorAll('main Kim, main kim').length").asInt()).isZero();
        assertThat(browser.errors()).isEmpty();
    }

    @Test
    void englishIsOneClickAwayAndRememberedAfterAReload() throws Exception {
        open("?lang=vi");
        assertThat(page.text("kpi-membersActive")).isEqualTo("77");

        browser.evaluate("document.getElementById('lang-en').click()");
        browser.waitFor("document.documentElement.lang === 'en'", Duration.ofSeconds(15));
        assertThat(browser.text("document.querySelector('[data-card=membersActive] .card-label').textContent"))
                .isEqualTo("Party members");
        assertThat(page.text("kpi-attendance")).isEqualTo("94.1%");

        open("");
        assertThat(browser.text("document.documentElement.lang")).isEqualTo("en");
        assertThat(page.table().get("*").get("name")).isEqualTo("Province");

        open("?lang=vi");
        assertThat(browser.text("document.querySelector('[data-card=membersActive] .card-label').textContent"))
                .isEqualTo("Tổng số đảng viên");
    }

    @Test
    void aChangeInPostgresShowsWithoutAReload() throws Exception {
        open("?lang=vi&level=district&code=D07");
        browser.evaluate("window.__loadedOnce = 'yes'");

        page.recordWhenCellShows("C001", "membersActive", "51");
        long changedAt = System.currentTimeMillis();
        province.execute("update reporting.branch_current set members_active = 31, members_official = 29, "
                + "updated_at = now() where branch_id = 'B001'");
        try {
            browser.waitFor("window.__shownAt !== null", Duration.ofSeconds(30));
            long shownAfterMs = page.shownAt() - changedAt;
            System.out.println("page showed a change in PostgreSQL after " + shownAfterMs + " ms");
            // Issue 6: on the page within 2 s of the figures changing.
            assertThat(shownAfterMs).isBetween(0L, 2_000L);
            assertThat(browser.text("window.__loadedOnce")).isEqualTo("yes");
            assertThat(browser.evaluate("performance.getEntriesByType('navigation').length").asInt()).isEqualTo(1);
        } finally {
            province.execute("update reporting.branch_current set members_active = 30, members_official = 28, "
                    + "updated_at = now() where branch_id = 'B001'");
        }
    }

    @Test
    void rejectionsAndEventsWaitingForReferenceDataShowUnderTheFigures() throws Exception {
        open("?lang=vi");
        assertThat(page.text("rejections-total")).isEqualTo("8");

        streams.waiting(1_234);
        browser.waitFor("!document.getElementById('rejections-waiting').hidden", Duration.ofSeconds(30));
        assertThat(browser.text("document.getElementById('rejections-waiting').textContent"))
                .startsWith("1.234 sự kiện đang chờ dữ liệu tham chiếu");
        streams.waiting(0);
        browser.waitFor("document.getElementById('rejections-waiting').hidden", Duration.ofSeconds(30));
    }

    @Test
    void thePageLoadsNothingFromAnotherHostAndRunsWithoutErrors() throws Exception {
        open("?lang=vi");

        assertThat(browser.requestedUrls()).isNotEmpty()
                .allSatisfy(url -> assertThat(url).matches("(about:blank|data:.*|" + java.util.regex.Pattern.quote(server.url()) + ".*)"));
        assertThat(browser.errors()).isEmpty();
        assertThat(browser.text("getComputedStyle(document.body).fontFamily")).contains("Noto Sans");
    }

    private static void screenshot(String level) throws Exception {
        Thread.sleep(1_800); // let the highlight of the last change fade
        BoardInBrowser.saveScreenshot(level, browser.screenshot());
    }
}
