package vn.chibo.pulse.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.BranchKind;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.Grade;
import vn.chibo.pulse.events.LeaveReason;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MeetingRecorded;
import vn.chibo.pulse.events.MeetingRetracted;
import vn.chibo.pulse.events.MemberAdmitted;
import vn.chibo.pulse.events.MemberClassified;
import vn.chibo.pulse.events.MemberConfirmed;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberExempted;
import vn.chibo.pulse.events.MemberExemptionEnded;
import vn.chibo.pulse.events.MemberLeft;
import vn.chibo.pulse.events.MemberRegistered;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.events.MemberTransferred;
import vn.chibo.pulse.events.ReferenceEvent;

/** One test per rule of SPEC.md §2 that an event can be judged by alone, each with its message. */
class EventRulesTest {
    static final LocalDate TODAY = LocalDate.of(2025, 6, 15);
    static final String ID_64 = "x".repeat(64);
    static final String ID_65 = "x".repeat(65);

    static Optional<Rejection> check(Object event) {
        return EventRules.check(event, TODAY);
    }

    static void assertRejected(Object event, RejectionReason reason, String message) {
        assertThat(check(event)).as("rejection of %s", event).contains(Rejection.of(reason, message));
    }

    static MeetingRecorded meeting(int expected, int present, List<String> absent) {
        return scored(expected, present, absent, null);
    }

    static MeetingRecorded scored(int expected, int present, List<String> absent, Integer qualityScore) {
        return new MeetingRecorded("MT1", "B1", LocalDate.of(2025, 6, 1), MeetingKind.REGULAR, 1, expected, present, absent, false, true,
                qualityScore);
    }

    static MemberTransferred transfer(String from, String to, MemberStatus status) {
        return new MemberTransferred("M1", from, to, status, LocalDate.of(2025, 6, 1));
    }

    @Test
    void validEventsOfEveryTypePass() {
        LocalDate d = LocalDate.of(2025, 1, 2);
        List<Object> valid = List.of(
                new District("D01", "Huyện Đức Thọ"), new Commune("C001", "Xã Tùng Ảnh", "D01"),
                new Branch("B1", "Chi bộ thôn Yên Hòa", "C001", BranchKind.VILLAGE),
                new MemberRegistered("M1", "B1", MemberStatus.OFFICIAL, d), new MemberAdmitted("M2", "B1", d),
                new MemberConfirmed("M2", d), transfer("B1", "B2", null), transfer("B1", null, null),
                transfer(null, "B2", MemberStatus.OFFICIAL), new MemberLeft("M1", LeaveReason.REMOVED, d),
                new MemberClassified("M1", 2024, Grade.EXCELLENT), meeting(10, 7, List.of("M1", "M2", "M3")),
                new MeetingRetracted("MT1", 2), new Commune("C002", "Phường Thành Sen", null), new MemberExempted("M1", d),
                new MemberExemptionEnded("M1", d), scored(10, 9, List.of(), 0), scored(10, 9, List.of(), 100));
        for (Object event : valid) {
            assertThat(check(event)).as("%s", event).isEmpty();
        }
    }

    @Test
    void idsOfSixtyFourCharactersAreAcceptedAndLongerAreTooLong() {
        assertThat(check(new MemberConfirmed(ID_64, TODAY))).isEmpty();
        assertRejected(new MemberConfirmed(ID_65, TODAY), RejectionReason.TOO_LONG,
                "field 'memberId' is 65 characters long, at most 64 allowed");
        assertRejected(new Commune("C1", "Xã A", ID_65), RejectionReason.TOO_LONG,
                "field 'districtCode' is 65 characters long, at most 64 allowed");
        assertRejected(new Branch(ID_65, "Chi bộ", "C1", BranchKind.OTHER), RejectionReason.TOO_LONG,
                "field 'id' is 65 characters long, at most 64 allowed");
        assertRejected(transfer("B1", ID_65, null), RejectionReason.TOO_LONG,
                "field 'toBranchId' is 65 characters long, at most 64 allowed");
        assertRejected(meeting(10, 5, List.of("M1", ID_65)), RejectionReason.TOO_LONG,
                "field 'absentUnexcused[1]' is 65 characters long, at most 64 allowed");
    }

    @Test
    void lengthCountsCharactersNotBytesNorUtf16Units() {
        assertThat(check(new District("Đ".repeat(64), "x"))).isEmpty();
        String astral = new String(Character.toChars(0x1F600));
        assertThat(check(new District(astral.repeat(64), "x"))).isEmpty();
        assertRejected(new District(astral.repeat(65), "x"), RejectionReason.TOO_LONG,
                "field 'code' is 65 characters long, at most 64 allowed");
    }

    @Test
    void eventIdOfTheEnvelopeIsChecked() {
        assertThat(EventRules.checkEventId(ID_64)).isEmpty();
        assertThat(EventRules.checkEventId(ID_65)).contains(Rejection.of(RejectionReason.TOO_LONG,
                "field 'eventId' is 65 characters long, at most 64 allowed"));
        assertThat(EventRules.checkEventId(null)).contains(Rejection.of(RejectionReason.MISSING_FIELD, "field 'eventId' is missing"));
        assertRejected(new ReferenceEvent(ID_65, new District("D1", "x")), RejectionReason.TOO_LONG,
                "field 'eventId' is 65 characters long, at most 64 allowed");
        assertRejected(new MemberEvent("e", new MemberConfirmed("M1", LocalDate.of(1900, 1, 1))), RejectionReason.DATE_OUT_OF_RANGE,
                "field 'date' is 1900-01-01, before 1930-02-03");
        assertRejected(new MeetingEvent("e", null), RejectionReason.MISSING_FIELD, "field 'payload' is missing");
    }

    @Test
    void datesFromThePartysFoundingUntilTomorrowAreAccepted() {
        assertThat(check(new MemberAdmitted("M1", "B1", LocalDate.of(1930, 2, 3)))).isEmpty();
        assertThat(check(new MemberAdmitted("M1", "B1", TODAY.plusDays(1)))).isEmpty();
        assertRejected(new MemberAdmitted("M1", "B1", LocalDate.of(1930, 2, 2)), RejectionReason.DATE_OUT_OF_RANGE,
                "field 'date' is 1930-02-02, before 1930-02-03");
        assertRejected(new MemberLeft("M1", LeaveReason.DECEASED, TODAY.plusDays(2)), RejectionReason.DATE_OUT_OF_RANGE,
                "field 'date' is 2025-06-17, after tomorrow (2025-06-16)");
        assertRejected(new MeetingRecorded("MT1", "B1", TODAY.plusDays(2), MeetingKind.THEMATIC, 1, 5, 5, List.of(), true, true, null),
                RejectionReason.DATE_OUT_OF_RANGE, "field 'date' is 2025-06-17, after tomorrow (2025-06-16)");
    }

    @Test
    void yearsFrom1930UntilNextYearAreAccepted() {
        assertThat(check(new MemberClassified("M1", 1930, Grade.GOOD))).isEmpty();
        assertThat(check(new MemberClassified("M1", 2026, Grade.GOOD))).isEmpty();
        assertRejected(new MemberClassified("M1", 1929, Grade.GOOD), RejectionReason.YEAR_OUT_OF_RANGE,
                "field 'year' is 1929, before 1930");
        assertRejected(new MemberClassified("M1", 2027, Grade.GOOD), RejectionReason.YEAR_OUT_OF_RANGE,
                "field 'year' is 2027, after next year (2026)");
    }

    @Test
    void revisionBelowOneIsRefused() {
        assertRejected(new MeetingRecorded("MT1", "B1", TODAY, MeetingKind.REGULAR, 0, 5, 5, List.of(), true, true, null),
                RejectionReason.INVALID_REVISION, "field 'revision' is 0, must be at least 1");
        assertRejected(new MeetingRetracted("MT1", -3), RejectionReason.INVALID_REVISION, "field 'revision' is -3, must be at least 1");
    }

    @Test
    void meetingWithNobodyExpectedIsRefused() {
        assertRejected(meeting(0, 0, List.of()), RejectionReason.MEMBERS_EXPECTED_TOO_LOW, "field 'membersExpected' is 0, must be at least 1");
    }

    @Test
    void negativeAttendanceIsRefused() {
        assertRejected(meeting(5, -1, List.of()), RejectionReason.MEMBERS_PRESENT_NEGATIVE, "field 'membersPresent' is -1, must be at least 0");
    }

    @Test
    void moreMembersPresentThanExpectedIsRefused() {
        assertThat(check(meeting(5, 5, List.of()))).isEmpty();
        assertRejected(meeting(5, 6, List.of()), RejectionReason.MEMBERS_PRESENT_ABOVE_EXPECTED,
                "field 'membersPresent' is 6, above membersExpected 5");
    }

    @Test
    void absenteeListedTwiceIsRefused() {
        assertRejected(meeting(10, 5, List.of("M1", "M2", "M1")), RejectionReason.DUPLICATE_ABSENTEE,
                "field 'absentUnexcused' lists member \"M1\" more than once");
    }

    @Test
    void moreAbsenteesThanMissingMembersIsRefused() {
        assertThat(check(meeting(10, 8, List.of("M1", "M2")))).isEmpty();
        assertRejected(meeting(10, 8, List.of("M1", "M2", "M3")), RejectionReason.TOO_MANY_ABSENTEES,
                "field 'absentUnexcused' lists 3 members, more than membersExpected - membersPresent = 10 - 8 = 2");
    }

    @Test
    void transferWithoutAnyBranchIsRefused() {
        assertRejected(transfer(null, null, MemberStatus.OFFICIAL), RejectionReason.TRANSFER_WITHOUT_BRANCH,
                "fields 'fromBranchId' and 'toBranchId' are both null; a transfer needs at least one branch");
    }

    @Test
    void transferFromOutsideWithoutStatusIsRefused() {
        assertRejected(transfer(null, "B2", null), RejectionReason.TRANSFER_IN_WITHOUT_STATUS,
                "field 'status' is required when 'fromBranchId' is null (a transfer from outside the province)");
    }

    @Test
    void requiredFieldLeftNullIsMissing() {
        assertRejected(new MemberAdmitted("M1", null, TODAY), RejectionReason.MISSING_FIELD, "field 'branchId' is missing");
        assertRejected(new MemberLeft("M1", null, TODAY), RejectionReason.MISSING_FIELD, "field 'reason' is missing");
        assertRejected(new MemberConfirmed("M1", null), RejectionReason.MISSING_FIELD, "field 'date' is missing");
        assertRejected(meeting(5, 3, null), RejectionReason.MISSING_FIELD, "field 'absentUnexcused' is missing");
    }

    @Test
    void emptyIdsCodesAndEventIdsAreRefused() {
        assertRejected(new MemberConfirmed("", TODAY), RejectionReason.EMPTY_ID, "field 'memberId' is empty");
        assertRejected(new Commune("C1", "Xã A", ""), RejectionReason.EMPTY_ID, "field 'districtCode' is empty");
        assertRejected(transfer("", "B2", null), RejectionReason.EMPTY_ID, "field 'fromBranchId' is empty");
        assertRejected(meeting(10, 5, List.of("M1", "")), RejectionReason.EMPTY_ID, "field 'absentUnexcused[1]' is empty");
        assertRejected(new ReferenceEvent("", new District("D1", "x")), RejectionReason.EMPTY_ID, "field 'eventId' is empty");
        assertThat(EventRules.checkEventId("")).contains(Rejection.of(RejectionReason.EMPTY_ID, "field 'eventId' is empty"));
    }

    @Test
    void memberIdsShapedLikeNationalIdNumbersAreRefused() {
        assertRejected(new MemberAdmitted("042195000123", "B1", TODAY), RejectionReason.NATIONAL_ID_NUMBER,
                "field 'memberId' is 12 digits, the shape of a national identity number; use the commune system's opaque member id");
        assertRejected(new MemberExempted("183456789", TODAY), RejectionReason.NATIONAL_ID_NUMBER,
                "field 'memberId' is 9 digits, the shape of a national identity number; use the commune system's opaque member id");
        assertRejected(meeting(10, 5, List.of("M1", "183456789")), RejectionReason.NATIONAL_ID_NUMBER,
                "field 'absentUnexcused[1]' is 9 digits, the shape of a national identity number; use the commune system's opaque member id");
        // other lengths, other characters, and ids that are not member ids are opaque ids like any other
        for (String id : List.of("12345678", "1234567890", "12345678901", "1234567890123", "M42195000", "０４２１９５０００１２３")) {
            assertThat(check(new MemberConfirmed(id, TODAY))).as(id).isEmpty();
        }
        assertThat(check(new MemberAdmitted("M1", "183456789", TODAY))).isEmpty();
    }

    @Test
    void namesWithControlCharactersOrLoneSurrogatesAreInvalidText() {
        assertRejected(new District("D01", "Huyện\u0007Đức Thọ"), RejectionReason.INVALID_TEXT,
                "field 'name' holds the control character U+0007 at character 6");
        assertRejected(new Commune("C1", "Xã\nTùng Ảnh", "D01"), RejectionReason.INVALID_TEXT,
                "field 'name' holds the control character U+000A at character 3");
        assertRejected(new Branch("B1", "Chi bộ \ud800", "C1", BranchKind.VILLAGE), RejectionReason.INVALID_TEXT,
                "field 'name' holds a lone surrogate U+D800 at character 8");
        assertThat(check(new District("D01", "Thành phố Hà Tĩnh 😀"))).isEmpty();
    }

    @Test
    void loneSurrogatesInIdsAreInvalidText() {
        assertRejected(new MemberConfirmed("M\udc00", TODAY), RejectionReason.INVALID_TEXT,
                "field 'memberId' holds a lone surrogate U+DC00 at character 2");
        assertRejected(new MeetingEvent("e\ud83d", new MeetingRetracted("MT1", 2)), RejectionReason.INVALID_TEXT,
                "field 'eventId' holds a lone surrogate U+D83D at character 2");
    }

    @Test
    void qualityScoreOutsideZeroToHundredIsRefused() {
        assertRejected(scored(10, 9, List.of(), 101), RejectionReason.QUALITY_SCORE_OUT_OF_RANGE,
                "field 'qualityScore' is 101, must be from 0 to 100");
        assertRejected(scored(10, 9, List.of(), -1), RejectionReason.QUALITY_SCORE_OUT_OF_RANGE,
                "field 'qualityScore' is -1, must be from 0 to 100");
    }

    @Test
    void exemptionsAreDatedLikeEveryMemberEvent() {
        assertRejected(new MemberExempted("M1", TODAY.plusDays(2)), RejectionReason.DATE_OUT_OF_RANGE,
                "field 'date' is 2025-06-17, after tomorrow (2025-06-16)");
        assertRejected(new MemberExemptionEnded("M1", LocalDate.of(1929, 1, 1)), RejectionReason.DATE_OUT_OF_RANGE,
                "field 'date' is 1929-01-01, before 1930-02-03");
        assertRejected(new MemberExemptionEnded("M1", null), RejectionReason.MISSING_FIELD, "field 'date' is missing");
    }

    @Test
    void somethingElseThanAnEventIsAProgrammingError() {
        assertThatThrownBy(() -> check("hello")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.String");
    }

    @Test
    void todayIsTheCalendarDateInVietnam() {
        // 18:00 UTC is already 01:00 the next day in Hà Nội (UTC+7)
        Clock evening = Clock.fixed(Instant.parse("2025-06-15T18:00:00Z"), ZoneOffset.UTC);
        assertThat(EventRules.today(evening)).isEqualTo(LocalDate.of(2025, 6, 16));
        Clock morning = Clock.fixed(Instant.parse("2025-06-15T16:59:59Z"), ZoneOffset.UTC);
        assertThat(EventRules.today(morning)).isEqualTo(LocalDate.of(2025, 6, 15));
    }
}
