package vn.chibo.pulse.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;

import vn.chibo.pulse.dashboard.browser.Chromium;
import vn.chibo.pulse.dashboard.browser.PageReader;

/**
 * The board over a small province in PostgreSQL, open in headless Chromium: what the browser
 * tests share. Screenshots go to target/ and, with -Dpulse.screenshots=DIR (e.g. ../docs), to DIR.
 */
final class BoardInBrowser implements AutoCloseable {

    private static final String SCREENSHOTS_PROPERTY = "pulse.screenshots";

    final SmallProvince province;
    final InMemoryStreams streams;
    final DashboardServer server;
    final Chromium browser;
    final PageReader page;

    private BoardInBrowser(SmallProvince province, InMemoryStreams streams, DashboardServer server, Chromium browser) {
        this.province = province;
        this.streams = streams;
        this.server = server;
        this.browser = browser;
        this.page = new PageReader(browser);
    }

    static BoardInBrowser open(int width, int height) throws Exception {
        Chromium.binary(); // fail (CI) or skip before the expensive part when there is no browser
        SmallProvince province = SmallProvince.create();
        InMemoryStreams streams = Fixtures.streams();
        DashboardServer server = DashboardServer.start(province.config(), streams, Fixtures.clock());
        return new BoardInBrowser(province, streams, server, Chromium.launch(width, height));
    }

    /** Writes dashboard-{name}.png. */
    static void saveScreenshot(String name, byte[] png) throws Exception {
        Path target = Path.of("target", "dashboard-" + name + ".png");
        Files.createDirectories(target.getParent());
        Files.write(target, png);
        String dir = System.getProperty(SCREENSHOTS_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            Files.write(Path.of(dir, "dashboard-" + name + ".png"), png);
        }
    }

    @Override
    public void close() throws Exception {
        browser.close();
        server.close();
        province.close();
    }
}
