package vn.chibo.pulse.dashboard.internal;

import java.util.List;

/**
 * One table of the board as it is exported (GET /api/export): Vietnamese headings and rows of
 * cells, each cell a {@link String} (text), an {@link Integer} (a count), a {@link Double} or null.
 *
 * @param view  the table's name in the export URL: units, watch-list, trend, grades
 * @param sheet the worksheet's name (at most 31 characters, as Excel allows)
 * @param title what the table shows, with the unit's name and the month
 */
public record BoardTable(String view, String sheet, String title, List<Column> columns, List<List<Object>> rows) {

    /** How a column's cells are written: text, a count, a score out of 100 or a rate (a fraction, shown as %). */
    public enum Kind { TEXT, COUNT, SCORE, PERCENT }

    public record Column(String heading, Kind kind) {
        static Column text(String heading) {
            return new Column(heading, Kind.TEXT);
        }

        static Column count(String heading) {
            return new Column(heading, Kind.COUNT);
        }

        static Column score(String heading) {
            return new Column(heading, Kind.SCORE);
        }

        static Column percent(String heading) {
            return new Column(heading + " (%)", Kind.PERCENT);
        }
    }

    /** The headings, in order. */
    public List<String> headings() {
        return columns.stream().map(Column::heading).toList();
    }
}
