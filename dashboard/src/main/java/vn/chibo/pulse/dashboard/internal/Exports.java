package vn.chibo.pulse.dashboard.internal;

import java.util.List;
import java.util.regex.Pattern;

/**
 * GET /api/export: a table of the board (or, as a workbook, all of them) for the view the page
 * shows, as XLSX or CSV.
 */
final class Exports {

    static final String ALL = "all";
    private static final Pattern UNSAFE_IN_FILE_NAME = Pattern.compile("[^A-Za-z0-9_-]");

    /** What is sent: the body with its type and a file name that is safe whatever the unit's code. */
    record Download(String contentType, String fileName, byte[] body) {}

    private Exports() {}

    /** @throws IllegalArgumentException for a table or format the board does not have */
    static Download download(String view, String format, UnitView v) {
        List<BoardTable> tables = view.equals(ALL)
                ? BoardTables.VIEWS.stream().map(name -> BoardTables.of(name, v).orElseThrow()).toList()
                : List.of(BoardTables.of(view, v).orElseThrow(() -> new IllegalArgumentException(
                        "view must be one of " + BoardTables.VIEWS + " (or " + ALL + " with format=xlsx), not '" + view + "'")));
        String name = "chibo-pulse_" + view + "_" + v.unit().level()
                + (v.unit().code().isEmpty() ? "" : "-" + UNSAFE_IN_FILE_NAME.matcher(v.unit().code()).replaceAll("_"))
                + "_" + v.month();
        return switch (format) {
            case "xlsx" -> new Download("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    name + ".xlsx", WorkbookExport.write(tables));
            case "csv" -> {
                if (tables.size() != 1) {
                    throw new IllegalArgumentException("a CSV file holds one table: pick a view");
                }
                yield new Download("text/csv; charset=utf-8", name + ".csv", CsvExport.write(tables.get(0)));
            }
            default -> throw new IllegalArgumentException("format must be xlsx or csv, not '" + format + "'");
        };
    }
}
