package vn.chibo.pulse.producers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pulse import-meetings} on its own (--dry-run); ImportMeetingsIntegrationTest sends to a broker. */
class ImportMeetingsCommandTest {
    static final String HEADER = "Mã cuộc họp,Mã chi bộ,Ngày,Loại,Lần sửa,Số đảng viên phải dự,Số có mặt,Vắng không lý do,"
            + "Cấp ủy cấp trên dự,Tự phê bình,Ghi chú\r\n";

    @TempDir
    Path dir;

    int run(CommandOutput o, String... args) {
        return ImportMeetingsCommand.run(List.of(args), Map.of(), new ByteArrayInputStream(new byte[0]), o.out, o.err);
    }

    Path write(String name, byte[]... parts) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.write(p);
        }
        Path file = dir.resolve(name);
        Files.write(file, all.toByteArray());
        return file;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @Test
    void vietnameseRegisterWithBomIsReadCompletely() throws IOException {
        Path csv = write("so-sinh-hoat.csv", BOM, utf8(HEADER
                + "CB12-2025-05,B0012,05/05/2025,Thường kỳ,1,30,26,\"M00000017; M00000019\",Có,Có,\"họp tại nhà văn hóa, thôn Yên Hòa\"\r\n"
                + "CB12-2025-05T,B0012,20/05/2025,Chuyên đề,,30,30,,Không,Có,\r\n"
                + ",,,,,,,,,,\r\n"
                + "CB13-2025-05,B0013,2025-05-07,thuong ky,2,18,17,,khong,co,\"ghi chú\nhai dòng\"\r\n"));
        CommandOutput o = new CommandOutput();
        int exit = run(o, "--dry-run", "--progress=none", csv.toString());
        assertThat(o.errLines()).containsExactly("import-meetings: ignoring columns 'Ghi chú'");
        assertThat(exit).isEqualTo(0);
        assertThat(o.out()).startsWith("import-meetings: 4 rows read, 3 valid, 0 rejected");
    }

    @Test
    void badRowsAreReportedByRowNumberAndTheRestIsKept() throws IOException {
        Path csv = write("errors.csv", utf8(HEADER
                + "CB12-2025-05,B0012,05/05/2025,Thường kỳ,1,30,26,,Có,Có,\n"
                + "CB12-2025-06,B0012,05/06/2025,Thường kỳ,1,30,mười,,Có,Có,\n"
                + "CB12-2025-07,B0012,05/07/2025,Thường kỳ,1,30,31,,Có,Có,\n"
                + "CB12-2025-08,B0012,05/08/2025,Thường kỳ,1,30,20,\"M1;M1\",Có,Có,\n"
                + "CB12-2025-09,B0012,05/09/2025,Thường kỳ,1,30,20,,Có,Có,,extra\n"));
        CommandOutput o = new CommandOutput();
        int exit = run(o, "--dry-run", "--progress=none", csv.toString());
        assertThat(o.errLines()).containsExactly(
                "import-meetings: ignoring columns 'Ghi chú'",
                "row 3: WRONG_TYPE: column 'Số có mặt' (membersPresent) must be a whole number, got \"mười\"",
                "row 4: MEMBERS_PRESENT_ABOVE_EXPECTED: column 'Số có mặt' (membersPresent) is 31, above membersExpected 30",
                "row 5: DUPLICATE_ABSENTEE: column 'Vắng không lý do' (absentUnexcused) lists member \"M1\" more than once",
                "row 6: WRONG_TYPE: has 12 fields, the header has 11");
        assertThat(exit).isEqualTo(1);
        assertThat(o.out()).startsWith("import-meetings: 5 rows read, 1 valid, 4 rejected");
    }

    @Test
    void semicolonSeparatedRegisterIsRecognised() throws IOException {
        Path csv = write("semicolon.csv", utf8("meetingId;branchId;date;kind;membersExpected;membersPresent;absentUnexcused;"
                + "superiorAttended;selfCriticism\nX1;B1;2025-05-05;REGULAR;10;8;M1,M2;no;yes\n"));
        CommandOutput o = new CommandOutput();
        assertThat(run(o, "--dry-run", "--progress=none", csv.toString())).isEqualTo(0);
        assertThat(o.out()).startsWith("import-meetings: 1 rows read, 1 valid, 0 rejected");
    }

    @Test
    void utf16WithBomAsExcelWritesUnicodeTextIsReadToo() throws IOException {
        byte[] text = ("Mã cuộc họp\tMã chi bộ\tNgày\tLoại\tSố đảng viên phải dự\tSố có mặt\tCấp ủy cấp trên dự\tTự phê bình\r\n"
                + "X1\tB1\t05/05/2025\tThường kỳ\t10\t10\tKhông\tCó\r\n").getBytes(StandardCharsets.UTF_16LE);
        Path file = write("unicode.txt", new byte[] {(byte) 0xFF, (byte) 0xFE}, text);
        CommandOutput o = new CommandOutput();
        assertThat(run(o, "--dry-run", "--progress=none", file.toString())).isEqualTo(0);
        assertThat(o.out()).startsWith("import-meetings: 1 rows read, 1 valid, 0 rejected");
    }

    @Test
    void headerWithoutRequiredColumnsIsAUsageError() throws IOException {
        Path csv = write("short.csv", utf8("Mã cuộc họp,Mã chi bộ,Ngày\nX,B,05/05/2025\n"));
        CommandOutput o = new CommandOutput();
        assertThat(run(o, "--dry-run", csv.toString())).isEqualTo(2);
        assertThat(o.errLines()).containsExactly("import-meetings: the header lacks columns 'Loại' (kind), 'Số đảng viên phải dự' "
                + "(membersExpected), 'Số có mặt' (membersPresent), 'Cấp ủy cấp trên dự' (superiorAttended), 'Tự phê bình' (selfCriticism)");
    }

    @Test
    void fileThatIsNotUtf8IsRefusedWithAHint() throws IOException {
        byte[] latin1 = (HEADER + "X1,B1,05/05/2025,Th\u01b0\u1eddng k\u1ef3,1,10,10,,C\u00f3,C\u00f3,\n").getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[latin1.length + 1];
        System.arraycopy(latin1, 0, broken, 0, latin1.length);
        broken[HEADER.getBytes(StandardCharsets.UTF_8).length + 3] = (byte) 0xFF;
        Path csv = write("cp1258.csv", broken);
        CommandOutput o = new CommandOutput();
        assertThat(run(o, "--dry-run", "--progress=none", csv.toString())).isEqualTo(2);
        assertThat(o.errLines()).containsExactly("import-meetings: " + csv + " is not UTF-8 (line 2, byte "
                + (HEADER.getBytes(StandardCharsets.UTF_8).length + 4) + "); save it as \"CSV UTF-8\"");
    }

    @Test
    void unclosedQuoteStopsTheImportWithItsRow() throws IOException {
        Path csv = write("quote.csv", utf8(HEADER + "X1,B1,05/05/2025,Thường kỳ,1,10,10,,Có,Có,\"never closed\n"));
        CommandOutput o = new CommandOutput();
        assertThat(run(o, "--dry-run", "--progress=none", csv.toString())).isEqualTo(2);
        assertThat(o.err()).contains("import-meetings: row 2: a quoted field is never closed; nothing after it was read");
    }

    @Test
    void delimiterOptionIsChecked() {
        CommandOutput o = new CommandOutput();
        assertThat(run(o, "--delimiter=ab", "x.csv")).isEqualTo(2);
        assertThat(o.errLines().get(0)).isEqualTo("import-meetings: --delimiter takes one character, e.g. ',' ';' or tab, not 'ab'");
    }
}
