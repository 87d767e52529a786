package vn.chibo.pulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The page and its assets come from the server itself, in UTF-8, and name no other host. */
class PageAssetsTest extends BoardOnTheSmallProvince {

    private static DashboardServer server;

    @BeforeAll
    static void startTheBoard() throws Exception {
        server = board(Fixtures.streams());
    }

    @AfterAll
    static void stopTheBoard() throws Exception {
        server.close();
    }

    @Test
    void thePageIsServedInUtf8WithItsVietnameseLabels() throws Exception {
        HttpResponse<String> page = Http.get(server.url());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.body()).contains("<html lang=\"vi\">", "Tổng số đảng viên", "Đảng viên chính thức",
                "Sinh hoạt thường kỳ", "Sinh hoạt chuyên đề", "Tỷ lệ dự họp", "Cấp ủy cấp trên dự", "Kết nạp",
                "Chuyển đến", "Chuyển đi", "Đảng viên có nguy cơ bị xóa tên", "Sự kiện bị từ chối", "Cập nhật lúc");
    }

    @Test
    void everyAssetThePageNamesIsServedByTheDashboardWithItsContentType() throws Exception {
        String page = Http.get(server.url()).body();
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page);
        int found = 0;
        while (m.find()) {
            String ref = m.group(1);
            assertThat(ref).as("asset reference").startsWith("/");
            HttpResponse<String> asset = Http.get(server.url() + ref.substring(1));
            assertThat(asset.statusCode()).as(ref).isEqualTo(200);
            String type = asset.headers().firstValue("Content-Type").orElse("");
            if (ref.endsWith(".js")) {
                assertThat(type).startsWith("text/javascript");
            } else if (ref.endsWith(".css")) {
                assertThat(type).startsWith("text/css");
            } else if (ref.endsWith(".svg")) {
                assertThat(type).startsWith("image/svg+xml");
            }
            found++;
        }
        assertThat(found).isGreaterThanOrEqualTo(5);
    }

    @Test
    void noAssetLoadsAnythingFromAnotherHost() throws Exception {
        for (String path : List.of("", "assets/app.js", "assets/i18n.js", "assets/charts.js", "assets/app.css")) {
            String body = Http.get(server.url() + path).body();
            // The only absolute URL allowed is the SVG namespace, which is a name, not a download.
            String withoutNamespace = body.replace("http://www.w3.org/2000/svg", "");
            assertThat(withoutNamespace).as(path).doesNotContainPattern("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}")
                    .doesNotContain("@import").doesNotContain("@font-face");
        }
        HttpResponse<String> page = Http.get(server.url());
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'self'").contains("connect-src 'self'"));
    }

    @Test
    void theStylesUseASystemFontStackWithVietnameseGlyphs() throws Exception {
        String css = Http.get(server.url() + "assets/app.css").body();

        assertThat(css).contains("font-family: \"Noto Sans\"").contains("\"DejaVu Sans\"").contains("Arial");
    }

    @Test
    void anUnchangedAssetIsNotSentAgain() throws Exception {
        HttpResponse<String> first = Http.get(server.url() + "assets/app.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = Http.send(HttpRequest.newBuilder(URI.create(server.url() + "assets/app.js"))
                .header("If-None-Match", etag).GET().build());

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }
}
