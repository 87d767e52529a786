package vn.chibo.pulse.dashboard.browser;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads what the dashboard page shows, as a person would: the text in its table and cards. */
public final class PageReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Chromium browser;

    public PageReader(Chromium browser) {
        this.browser = browser;
    }

    /**
     * Unit code to (field to the text shown in its cell) of the table shown (units or branches); the
     * total row has code "*". The coverage cell also gives "regularMeetingCoverage.of", its
     * "branches met/branches" text.
     */
    public Map<String, Map<String, String>> table() {
        return rows("#units:not([hidden]) tbody tr, #units:not([hidden]) tfoot tr, #branches:not([hidden]) tbody tr");
    }

    /** Branch id to (field to the text shown) of the watch list, in the order shown. */
    public Map<String, Map<String, String>> watchList() {
        return rows("#watch-table tbody tr");
    }

    private Map<String, Map<String, String>> rows(String selector) {
        JsonNode rows = browser.evaluate("Array.from(document.querySelectorAll(" + quote(selector) + "))"
                + ".map(tr => [tr.getAttribute('data-code'), Object.fromEntries("
                + "Array.from(tr.querySelectorAll('[data-field]')).flatMap(td => {"
                + "  const f = td.getAttribute('data-field');"
                + "  const of = td.querySelector('.of');"
                + "  const shown = [[f, (td.querySelector('.val') || td).textContent]];"
                + "  return of ? shown.concat([[f + '.of', of.textContent]]) : shown; }))])");
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            Map<String, String> cells = new LinkedHashMap<>();
            row.get(1).fields().forEachRemaining(e -> cells.put(e.getKey(), e.getValue().asText()));
            out.put(row.get(0).asText(), cells);
        }
        return out;
    }

    /**
     * Starts watching one cell of the district table: the page itself notes the time (its wall
     * clock, milliseconds since the epoch) at which the cell first shows {@code text}, as the DOM
     * changes, so the test's own polling adds nothing to the figure. Read it with {@link #shownAt()}.
     */
    public void recordWhenCellShows(String code, String field, String text) {
        String selector = "tr[data-code=\"" + code + "\"] [data-field=" + field + "]";
        browser.evaluate("(() => { window.__shownAt = null;"
                + " const check = () => { const c = document.querySelector(" + quote(selector) + ");"
                + "   if (window.__shownAt === null && c && c.textContent === " + quote(text) + ") {"
                + "     window.__shownAt = Date.now(); } };"
                + " new MutationObserver(check).observe(document.querySelector('main'),"
                + "   { childList: true, characterData: true, subtree: true });"
                + " check(); return true; })()");
    }

    /** When the watched cell showed its text (epoch milliseconds), or -1 while it has not. */
    public long shownAt() {
        JsonNode at = browser.evaluate("window.__shownAt");
        return at == null || at.isNull() || at.isMissingNode() ? -1 : at.asLong();
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of an element by id. */
    public String text(String id) {
        return browser.text("(document.getElementById('" + id + "') || {}).textContent");
    }

    /** Follows the link of a unit (in the table or the path) as a click does, and waits for its view. */
    public void drillTo(String level, String code) throws InterruptedException {
        int loads = browser.evaluate("window.pulse.loads").asInt();
        browser.evaluate("(() => { const a = Array.from(document.querySelectorAll('a.drill')).find(x => "
                + "x.getAttribute('data-level') === " + quote(level) + " && x.getAttribute('data-code') === "
                + quote(code) + "); a.click(); return true; })()");
        browser.waitFor("window.pulse.loads > " + loads + " && window.pulse.view.unit.level === " + quote(level),
                java.time.Duration.ofSeconds(30));
    }

    /** A whole number as the page writes it in Vietnamese: "100.274" is 100274. */
    public static long viNumber(String shown) {
        String digits = shown.replace(".", "").replace("\u00a0", "").trim();
        if (!digits.matches("-?\\d+")) {
            throw new AssertionError("not a Vietnamese whole number: '" + shown + "'");
        }
        return Long.parseLong(digits);
    }

    /** A percentage as the page writes it in Vietnamese: "95,3 %" is 95.3. */
    public static double viPercent(String shown) {
        if (!shown.matches("\\d{1,3},\\d\u00a0%")) {
            throw new AssertionError("not a Vietnamese percentage like '95,3 %': '" + shown + "'");
        }
        return Double.parseDouble(shown.replace("\u00a0%", "").replace(',', '.'));
    }
}
