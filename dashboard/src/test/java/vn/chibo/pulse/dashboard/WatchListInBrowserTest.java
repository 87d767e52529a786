package vn.chibo.pulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


/**
 * The watch list of issue 14 at each level: what headless Chromium shows and the workbook its
 * Excel link downloads both say what PostgreSQL holds, asked directly.
 */
class WatchListInBrowserTest {

    private static BoardInBrowser board;

    /** One branch to watch as PostgreSQL has it: regular meetings in the month, thematic in the quarter, poor, at risk. */
    record Watched(String branchId, String branchName, String communeName, int regular, int thematicInQuarter,
                   int poor, int atRisk) {}

    @BeforeAll
    static void start() throws Exception {
        board = BoardInBrowser.open(1440, 1400);
    }

    @AfterAll
    static void stop() throws Exception {
        if (board != null) {
            board.close();
        }
    }

    /** The branches to watch, asked of reporting's branch relations without the dashboard's code. */
    private static Map<String, Watched> inPostgres(String scope, String code) throws Exception {
        String sql = "select t.branch_id, t.branch_name, c.commune_name,"
                + " coalesce((select regular_meetings from reporting.branch_monthly m"
                + "           where m.branch_id = t.branch_id and m.month = '2025-06-01'), 0),"
                + " coalesce((select sum(thematic_meetings) from reporting.branch_monthly m"
                + "           where m.branch_id = t.branch_id and m.month in ('2025-04-01', '2025-05-01', '2025-06-01')), 0),"
                + " coalesce((select meetings_poor from reporting.branch_monthly m"
                + "           where m.branch_id = t.branch_id and m.month = '2025-06-01'), 0),"
                + " coalesce((select members_at_risk from reporting.branch_yearly y"
                + "           where y.branch_id = t.branch_id and y.year = 2025), 0)"
                + " from reporting.branch_tree t join reporting.communes c using (commune_code)"
                + " where " + scope + " order by t.branch_id";
        Map<String, Watched> out = new LinkedHashMap<>();
        try (Connection c = board.province.database().connect(); PreparedStatement s = c.prepareStatement(sql)) {
            if (scope.contains("?")) {
                s.setString(1, code);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Watched w = new Watched(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getInt(5), rs.getInt(6), rs.getInt(7));
                    if (w.regular() == 0 || w.thematicInQuarter() == 0 || w.poor() > 0 || w.atRisk() > 0) {
                        out.put(w.branchId(), w);
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"province, '', true", "district, D07, t.district_code = ?", "commune, C001, t.commune_code = ?"})
    void theWatchListOnThePageAndInItsWorkbookIsWhatPostgresHolds(String level, String code, String scope)
            throws Exception {
        board.browser.navigate(board.server.url() + "?lang=vi&month=2025-06&level=" + level + (code.isEmpty() ? "" : "&code=" + code));
        board.browser.waitFor("window.pulse && window.pulse.renders > 0 && window.pulse.view"
                + " && window.pulse.view.unit.level === '" + level + "'", Duration.ofSeconds(30));
        Map<String, Watched> expected = inPostgres(scope, code);
        assertThat(expected).isNotEmpty();

        Map<String, Map<String, String>> shown = board.page.watchList();
        assertThat(shown.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((id, w) -> {
            Map<String, String> row = shown.get(id);
            assertThat(row.get("name")).isEqualTo(w.branchName());
            assertThat(row.get("commune")).isEqualTo(w.communeName());
            assertThat(row.get("noRegularMeeting")).isEqualTo(w.regular() == 0 ? "Chưa sinh hoạt" : "Đã sinh hoạt");
            assertThat(row.get("noThematicMeetingInQuarter"))
                    .isEqualTo(w.thematicInQuarter() == 0 ? "Chưa sinh hoạt" : String.valueOf(w.thematicInQuarter()));
            assertThat(row.get("meetingsPoor")).isEqualTo(String.valueOf(w.poor()));
            assertThat(row.get("membersAtRisk")).isEqualTo(String.valueOf(w.atRisk()));
        });
        assertThat(board.page.text("watch-summary")).startsWith(expected.size() + "/");

        // the Excel link of the panel, as the page built it for this view
        String href = board.browser.text("document.querySelector('[data-export=\"watch-list\"] a[data-format=xlsx]')"
                + ".getAttribute('href')");
        assertThat(href).contains("view=watch-list").contains("level=" + level).contains("month=2025-06");
        HttpResponse<byte[]> download = Http.CLIENT.send(HttpRequest.newBuilder(
                URI.create(board.server.url() + href.substring(1))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;");
        List<Watched> inWorkbook = workbook(download.body());
        assertThat(inWorkbook).containsExactlyInAnyOrderElementsOf(expected.values());
        assertThat(board.browser.errors()).isEmpty();
        if (level.equals("province")) {
            screenshot();
        }
    }

    /** The watch list's rows as the workbook holds them (title, headings, then one row per branch). */
    private static List<Watched> workbook(byte[] xlsx) throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = wb.getSheetAt(0);
            Row headings = sheet.getRow(1);
            assertThat(headings.getCell(0).getStringCellValue()).isEqualTo("Chi bộ");
            assertThat(headings.getCell(2).getStringCellValue()).isEqualTo("Xã, phường, thị trấn");
            assertThat(headings.getCell(5).getStringCellValue()).isEqualTo("Cuộc sinh hoạt chuyên đề trong quý 2/2025");
            List<Watched> out = new ArrayList<>();
            for (int r = 2; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                out.add(new Watched(row.getCell(1).getStringCellValue(), row.getCell(0).getStringCellValue(),
                        row.getCell(2).getStringCellValue(), (int) row.getCell(4).getNumericCellValue(),
                        (int) row.getCell(5).getNumericCellValue(), (int) row.getCell(6).getNumericCellValue(),
                        (int) row.getCell(7).getNumericCellValue()));
            }
            return out;
        }
    }

    /** docs/dashboard-watch-list.png with -Dpulse.screenshots=…/docs: the watch list in view. */
    private static void screenshot() throws Exception {
        Thread.sleep(1_800); // let the highlight of the last change fade
        com.fasterxml.jackson.databind.JsonNode box = board.browser.evaluate("(() => { const r = document.getElementById('watch')"
                + ".getBoundingClientRect(); return [r.left + scrollX, r.top + scrollY, r.width, r.height]; })()");
        BoardInBrowser.saveScreenshot("watch-list", board.browser.screenshot(box.get(0).asDouble() - 12,
                box.get(1).asDouble() - 12, box.get(2).asDouble() + 24, box.get(3).asDouble() + 24));
    }
}
