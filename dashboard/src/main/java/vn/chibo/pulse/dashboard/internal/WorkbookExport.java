package vn.chibo.pulse.dashboard.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Board tables as an Excel workbook (Apache POI), one sheet each: the title in the first row, the
 * headings in the second (frozen, with a filter), then the rows. Counts and scores are numbers,
 * rates are fractions shown as percentages, and text is always a text cell: a name never becomes a
 * formula, and one that looks like a formula is quote-prefixed as Excel does for typed text.
 */
final class WorkbookExport {

    static final int TITLE_ROW = 0;
    static final int HEADING_ROW = 1;

    private WorkbookExport() {}

    private record Styles(CellStyle title, CellStyle heading, CellStyle text, CellStyle quoted, CellStyle count,
                          CellStyle score, CellStyle percent) {
        static Styles of(XSSFWorkbook wb) {
            Font bold = wb.createFont();
            bold.setBold(true);
            Font big = wb.createFont();
            big.setBold(true);
            big.setFontHeightInPoints((short) 13);
            CellStyle title = wb.createCellStyle();
            title.setFont(big);
            CellStyle heading = wb.createCellStyle();
            heading.setFont(bold);
            heading.setWrapText(true);
            CellStyle quoted = wb.createCellStyle();
            quoted.setQuotePrefixed(true);
            return new Styles(title, heading, wb.createCellStyle(), quoted, numbers(wb, "#,##0"),
                    numbers(wb, "0.0"), numbers(wb, "0.0%"));
        }

        private static CellStyle numbers(XSSFWorkbook wb, String format) {
            CellStyle style = wb.createCellStyle();
            style.setDataFormat(wb.createDataFormat().getFormat(format));
            return style;
        }
    }

    static byte[] write(List<BoardTable> tables) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Styles styles = Styles.of(wb);
            for (BoardTable table : tables) {
                sheet(wb, styles, table);
            }
            wb.getProperties().getCoreProperties().setTitle(tables.get(0).title());
            wb.getProperties().getCoreProperties().setCreator("Chi Bộ Pulse");
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
    }

    private static void sheet(XSSFWorkbook wb, Styles styles, BoardTable table) {
        Sheet sheet = wb.createSheet(WorkbookUtil.createSafeSheetName(table.sheet()));
        text(sheet.createRow(TITLE_ROW).createCell(0), table.title(), styles.title(), styles);
        Row headings = sheet.createRow(HEADING_ROW);
        List<BoardTable.Column> columns = table.columns();
        for (int c = 0; c < columns.size(); c++) {
            text(headings.createCell(c), columns.get(c).heading(), styles.heading(), styles);
            // no autoSizeColumn: it measures with AWT fonts, which a server need not have
            sheet.setColumnWidth(c, columns.get(c).kind() == BoardTable.Kind.TEXT ? 36 * 256 : 14 * 256);
        }
        int r = HEADING_ROW + 1;
        for (List<Object> values : table.rows()) {
            Row row = sheet.createRow(r++);
            for (int c = 0; c < values.size(); c++) {
                Object value = values.get(c);
                Cell cell = row.createCell(c);
                switch (columns.get(c).kind()) {
                    case TEXT -> text(cell, value == null ? "" : value.toString(), styles.text(), styles);
                    case COUNT -> number(cell, value, styles.count());
                    case SCORE -> number(cell, value, styles.score());
                    case PERCENT -> number(cell, value, styles.percent());
                }
            }
        }
        sheet.createFreezePane(0, HEADING_ROW + 1);
        sheet.setAutoFilter(new CellRangeAddress(HEADING_ROW, Math.max(HEADING_ROW, r - 1), 0, columns.size() - 1));
    }

    private static void text(Cell cell, String text, CellStyle style, Styles styles) {
        cell.setCellValue(text); // a string cell: never evaluated
        cell.setCellStyle(SpreadsheetText.looksLikeFormula(text) ? styles.quoted() : style);
    }

    private static void number(Cell cell, Object value, CellStyle style) {
        if (value != null) {
            cell.setCellValue(((Number) value).doubleValue());
            cell.setCellStyle(style);
        }
    }
}
