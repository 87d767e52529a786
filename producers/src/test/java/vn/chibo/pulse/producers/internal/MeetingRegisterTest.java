package vn.chibo.pulse.producers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import vn.chibo.pulse.domain.ParseResult;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MeetingRecorded;

class MeetingRegisterTest {
    static final LocalDate TODAY = LocalDate.of(2025, 6, 15);
    static final List<String> VIETNAMESE = List.of("Mã cuộc họp", "Mã chi bộ", "Ngày", "Loại", "Lần sửa", "Số đảng viên phải dự",
            "Số có mặt", "Vắng không lý do", "Cấp ủy cấp trên dự", "Tự phê bình", "Ghi chú");

    static MeetingRegister vietnamese() throws MeetingRegister.BadHeader {
        return MeetingRegister.fromHeader(VIETNAMESE);
    }

    static MeetingRecorded recorded(ParseResult r) {
        assertThat(r.isAccepted()).as("%s", r).isTrue();
        return (MeetingRecorded) ((MeetingEvent) r.event().envelope()).getPayload();
    }

    @Test
    void vietnameseRowBecomesMeetingRecorded() throws Exception {
        ParseResult r = vietnamese().toEvent(List.of("CB12-2025-05", "B0012", "05/06/2025", "Thường kỳ", "2", "30", "26",
                "M00000017; M00000019", "Có", "Không", "họp tại nhà văn hóa"), TODAY);
        MeetingRecorded m = recorded(r);
        assertThat(m).isEqualTo(new MeetingRecorded("CB12-2025-05", "B0012", LocalDate.of(2025, 6, 5), MeetingKind.REGULAR, 2, 30, 26,
                List.of("M00000017", "M00000019"), true, false, null));
        assertThat(r.event().topic()).isEqualTo(Topics.MEETING_EVENTS);
        assertThat(r.event().key()).isEqualTo("CB12-2025-05");
        assertThat(r.event().eventId()).isEqualTo("meeting:CB12-2025-05:r2");
        assertThat(vietnamese().ignoredColumns()).containsExactly("Ghi chú");
    }

    @Test
    void qualityScoreColumnIsReadAndAnEmptyCellIsNotScored() throws Exception {
        List<String> header = List.of("Mã cuộc họp", "Mã chi bộ", "Ngày", "Loại", "Số đảng viên phải dự", "Số có mặt",
                "Cấp ủy cấp trên dự", "Tự phê bình", "Điểm chất lượng");
        MeetingRegister register = MeetingRegister.fromHeader(header);
        assertThat(register.ignoredColumns()).isEmpty();
        assertThat(recorded(register.toEvent(List.of("X1", "B1", "05/06/2025", "Thường kỳ", "12", "12", "Không", "Có", "86"), TODAY))
                .getQualityScore()).isEqualTo(86);
        assertThat(recorded(register.toEvent(List.of("X1", "B1", "05/06/2025", "Thường kỳ", "12", "12", "Không", "Có", " "), TODAY))
                .getQualityScore()).isNull();
        MeetingRegister english = MeetingRegister.fromHeader(List.of("Meeting id", "Branch id", "Date", "Kind", "Members expected",
                "Members present", "Superior attended", "Self criticism", "Quality score"));
        assertThat(recorded(english.toEvent(List.of("X1", "B1", "2025-06-05", "REGULAR", "12", "12", "no", "yes", "0"), TODAY))
                .getQualityScore()).isZero();
    }

    @Test
    void qualityScoreOutsideZeroToHundredOrNotANumberIsRefusedInTermsOfTheColumn() throws Exception {
        MeetingRegister register = MeetingRegister.fromHeader(List.of("Mã cuộc họp", "Mã chi bộ", "Ngày", "Loại", "Số đảng viên phải dự",
                "Số có mặt", "Cấp ủy cấp trên dự", "Tự phê bình", "Điểm chất lượng"));
        ParseResult high = register.toEvent(List.of("X1", "B1", "05/06/2025", "Thường kỳ", "12", "12", "Không", "Có", "105"), TODAY);
        assertThat(high.rejection().reason()).isEqualTo(RejectionReason.QUALITY_SCORE_OUT_OF_RANGE);
        assertThat(high.rejection().message()).isEqualTo("column 'Điểm chất lượng' (qualityScore) is 105, must be from 0 to 100");
        ParseResult words = register.toEvent(List.of("X1", "B1", "05/06/2025", "Thường kỳ", "12", "12", "Không", "Có", "khá"), TODAY);
        assertThat(words.rejection().message()).isEqualTo("column 'Điểm chất lượng' (qualityScore) must be a whole number, got \"khá\"");
    }

    @Test
    void headersMatchWhateverTheirCaseAndDiacritics() throws Exception {
        MeetingRegister register = MeetingRegister.fromHeader(List.of("MA CUOC HOP", "ma chi bo", "ngay", "loai", "so dang vien phai du",
                "So co mat", "cap uy cap tren du", "TU PHE BINH"));
        MeetingRecorded m = recorded(register.toEvent(List.of("X1", "B1", "2025-06-01", "chuyen de", "12", "12", "khong", "co"), TODAY));
        assertThat(m.getKind()).isEqualTo(MeetingKind.THEMATIC);
        assertThat(m.getRevision()).isEqualTo(1);
        assertThat(m.getAbsentUnexcused()).isEmpty();
        assertThat(m.getSuperiorAttended()).isFalse();
        assertThat(m.getSelfCriticism()).isTrue();
    }

    @Test
    void englishHeadersAreAcceptedToo() throws Exception {
        MeetingRegister register = MeetingRegister.fromHeader(List.of("meetingId", "branchId", "date", "kind", "revision",
                "membersExpected", "membersPresent", "absentUnexcused", "superiorAttended", "selfCriticism", "eventId"));
        ParseResult r = register.toEvent(List.of("X1", "B1", "1/6/2025", "REGULAR", "", "10", "9", "M1", "yes", "no", "clerk-17"), TODAY);
        assertThat(recorded(r).getDate()).isEqualTo(LocalDate.of(2025, 6, 1));
        assertThat(r.event().eventId()).isEqualTo("clerk-17");
    }

    @Test
    void missingRequiredColumnsAreNamed() {
        assertThatThrownBy(() -> MeetingRegister.fromHeader(List.of("Mã cuộc họp", "Mã chi bộ", "Ngày", "Loại", "Số có mặt")))
                .isInstanceOf(MeetingRegister.BadHeader.class)
                .hasMessage("the header lacks columns 'Số đảng viên phải dự' (membersExpected), 'Cấp ủy cấp trên dự' (superiorAttended), "
                        + "'Tự phê bình' (selfCriticism)");
        assertThatThrownBy(() -> MeetingRegister.fromHeader(List.of("CB12", "B0012", "05/06/2025")))
                .hasMessageEndingWith("; is the first row a header?");
    }

    @Test
    void twoColumnsForOneFieldAreRefused() {
        assertThatThrownBy(() -> MeetingRegister.fromHeader(List.of("Ngày", "Ngày họp")))
                .hasMessage("columns 'Ngày' and 'Ngày họp' both hold date");
    }

    @Test
    void badCellsAreReportedByColumn() throws Exception {
        MeetingRegister register = vietnamese();
        assertRejected(register, row("", "30", "26", "Có"), RejectionReason.MISSING_FIELD, "column 'Ngày' (date) is empty");
        assertRejected(register, row("32/05/2025", "30", "26", "Có"), RejectionReason.WRONG_TYPE,
                "column 'Ngày' (date) must be a date dd/MM/yyyy or yyyy-MM-dd, got \"32/05/2025\"");
        assertRejected(register, row("05/06/25", "30", "26", "Có"), RejectionReason.WRONG_TYPE,
                "column 'Ngày' (date) must be a date dd/MM/yyyy or yyyy-MM-dd, got \"05/06/25\"");
        assertRejected(register, row("05/06/2025", "30", "mười", "Có"), RejectionReason.WRONG_TYPE,
                "column 'Số có mặt' (membersPresent) must be a whole number, got \"mười\"");
        assertRejected(register, row("05/06/2025", "30", "26", "Chắc có"), RejectionReason.WRONG_TYPE,
                "column 'Cấp ủy cấp trên dự' (superiorAttended) must be Có or Không (yes or no), got \"Chắc có\"");
        ParseResult badKind = register.toEvent(List.of("MT", "B1", "05/06/2025", "Đột xuất", "1", "30", "26", "", "Có", "Có"), TODAY);
        assertThat(badKind.rejection().reason()).isEqualTo(RejectionReason.INVALID_ENUM);
        assertThat(badKind.rejection().message())
                .isEqualTo("column 'Loại' (kind) must be Thường kỳ or Chuyên đề (REGULAR or THEMATIC), got \"Đột xuất\"");
    }

    @Test
    void domainRulesSpeakOfTheColumns() throws Exception {
        assertRejected(vietnamese(), row("05/06/2025", "30", "31", "Có"), RejectionReason.MEMBERS_PRESENT_ABOVE_EXPECTED,
                "column 'Số có mặt' (membersPresent) is 31, above membersExpected 30");
    }

    @Test
    void eventIdIsDerivedFromMeetingAndRevisionSoThatReimportsChangeNothing() {
        assertThat(MeetingRegister.derivedEventId("CB12-2025-05", 1)).isEqualTo("meeting:CB12-2025-05:r1");
        assertThat(MeetingRegister.derivedEventId("CB12-2025-05", 1)).isEqualTo(MeetingRegister.derivedEventId("CB12-2025-05", 1));
        assertThat(MeetingRegister.derivedEventId("CB12-2025-05", 2)).isNotEqualTo(MeetingRegister.derivedEventId("CB12-2025-05", 1));
        String longId = "x".repeat(64);
        String derived = MeetingRegister.derivedEventId(longId, 3);
        assertThat(derived).hasSizeLessThanOrEqualTo(64).startsWith("meeting#").endsWith(":r3");
        assertThat(MeetingRegister.derivedEventId("y".repeat(64), 3)).isNotEqualTo(derived);
    }

    static List<String> row(String date, String expected, String present, String superior) {
        return List.of("MT", "B1", date, "Thường kỳ", "1", expected, present, "", superior, "Có");
    }

    static void assertRejected(MeetingRegister register, List<String> row, RejectionReason reason, String message) {
        ParseResult r = register.toEvent(row, TODAY);
        assertThat(r.isAccepted()).as("%s", row).isFalse();
        assertThat(r.rejection().reason()).isEqualTo(reason);
        assertThat(r.rejection().message()).isEqualTo(message);
    }
}
