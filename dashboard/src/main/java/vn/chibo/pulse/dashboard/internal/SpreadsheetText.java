package vn.chibo.pulse.dashboard.internal;

/**
 * Text that a spreadsheet would take for a formula. Unit names come from the commune systems, so a
 * name such as {@code =HYPERLINK("http://…")} must stay a name: the exports write such text with
 * a leading apostrophe in CSV (Excel's own mark for "this is text") and as a quote-prefixed text
 * cell in XLSX (OWASP, "CSV Injection").
 */
final class SpreadsheetText {

    private SpreadsheetText() {}

    static boolean looksLikeFormula(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                || first == '\uFF1D' || first == '\uFF0B' || first == '\uFF0D' || first == '\uFF20'; // full-width too
    }

    /** The text as CSV must carry it: with an apostrophe before what a spreadsheet would evaluate. */
    static String forCsv(String text) {
        return looksLikeFormula(text) ? "'" + text : text;
    }
}
