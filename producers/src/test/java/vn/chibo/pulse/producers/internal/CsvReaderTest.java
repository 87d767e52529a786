package vn.chibo.pulse.producers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvReaderTest {
    static List<CsvReader.Row> read(String text, char delimiter) throws IOException {
        CsvReader r = new CsvReader(new StringReader(text), delimiter);
        List<CsvReader.Row> rows = new ArrayList<>();
        CsvReader.Row row;
        while ((row = r.next()) != null) {
            rows.add(row);
        }
        return rows;
    }

    @Test
    void plainFieldsAndBothLineEndings() throws IOException {
        List<CsvReader.Row> rows = read("a,b,c\r\n1,2,3\n4,,6", ',');
        assertThat(rows).extracting(CsvReader.Row::fields).containsExactly(List.of("a", "b", "c"), List.of("1", "2", "3"),
                List.of("4", "", "6"));
        assertThat(rows).extracting(CsvReader.Row::number).containsExactly(1L, 2L, 3L);
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndLineBreaks() throws IOException {
        List<CsvReader.Row> rows = read("id,note\r\n\"M1;M2\",\"nói \"\"vắng\"\", về sớm\r\nrồi\"\r\nx,y\r\n", ',');
        assertThat(rows.get(1).fields()).containsExactly("M1;M2", "nói \"vắng\", về sớm\r\nrồi");
        assertThat(rows.get(2).number()).isEqualTo(3); // a line break inside a cell starts no row
    }

    @Test
    void emptyQuotedFieldAndTrailingDelimiter() throws IOException {
        assertThat(read("\"\",a,\n", ',').get(0).fields()).containsExactly("", "a", "");
    }

    @Test
    void blankRowsAreRecognised() throws IOException {
        List<CsvReader.Row> rows = read("a;b\n;\n\n", ';');
        assertThat(rows.get(1).isBlank()).isTrue();
        assertThat(rows.get(2).isBlank()).isTrue();
    }

    @Test
    void unclosedQuoteIsMalformed() {
        assertThatThrownBy(() -> read("a,b\n\"open,x\n", ',')).isInstanceOf(CsvReader.MalformedCsv.class)
                .hasMessage("a quoted field is never closed").extracting(e -> ((CsvReader.MalformedCsv) e).row()).isEqualTo(2L);
    }

    @Test
    void textAfterClosingQuoteIsMalformed() {
        assertThatThrownBy(() -> read("\"a\"b,c\n", ',')).isInstanceOf(CsvReader.MalformedCsv.class)
                .hasMessage("text after the closing quote of field 1");
    }

    @Test
    void delimiterIsGuessedFromTheHeaderOutsideQuotes() {
        assertThat(CsvReader.detectDelimiter("Mã cuộc họp,Mã chi bộ,Ngày")).isEqualTo(',');
        assertThat(CsvReader.detectDelimiter("Mã cuộc họp;Mã chi bộ;\"Ngày, giờ\"")).isEqualTo(';');
        assertThat(CsvReader.detectDelimiter("a\tb\tc")).isEqualTo('\t');
        assertThat(CsvReader.detectDelimiter("single")).isEqualTo(',');
    }
}
