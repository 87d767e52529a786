package vn.chibo.pulse.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.BranchKind;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.Grade;
import vn.chibo.pulse.events.LeaveReason;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MeetingRecorded;
import vn.chibo.pulse.events.MemberEvent;
import vn.chibo.pulse.events.MemberStatus;
import vn.chibo.pulse.events.MemberTransferred;
import vn.chibo.pulse.events.ReferenceEvent;

class EventJsonTest {
    static final LocalDate TODAY = LocalDate.of(2025, 6, 15);

    /** One valid line of every type of SPEC.md §2, as the format writes it. */
    static final List<String> ONE_OF_EACH = List.of(
            "{\"type\":\"District\",\"eventId\":\"e1\",\"code\":\"D01\",\"name\":\"Huyện Đức Thọ\"}",
            "{\"type\":\"Commune\",\"eventId\":\"e2\",\"code\":\"C001\",\"name\":\"Xã Tùng Ảnh\",\"districtCode\":\"D01\"}",
            "{\"type\":\"Branch\",\"eventId\":\"e3\",\"id\":\"B0001\",\"name\":\"Chi bộ thôn Yên Hòa\",\"communeCode\":\"C001\",\"kind\":\"VILLAGE\"}",
            "{\"type\":\"MemberRegistered\",\"eventId\":\"e4\",\"memberId\":\"M1\",\"branchId\":\"B0001\",\"status\":\"OFFICIAL\",\"date\":\"2024-01-01\"}",
            "{\"type\":\"MemberAdmitted\",\"eventId\":\"e5\",\"memberId\":\"M2\",\"branchId\":\"B0001\",\"date\":\"2024-03-02\"}",
            "{\"type\":\"MemberConfirmed\",\"eventId\":\"e6\",\"memberId\":\"M2\",\"date\":\"2025-03-02\"}",
            "{\"type\":\"MemberTransferred\",\"eventId\":\"e7\",\"memberId\":\"M1\",\"fromBranchId\":\"B0001\",\"toBranchId\":\"B0002\",\"status\":null,\"date\":\"2025-04-01\"}",
            "{\"type\":\"MemberTransferred\",\"eventId\":\"e8\",\"memberId\":\"M9\",\"fromBranchId\":null,\"toBranchId\":\"B0002\",\"status\":\"PROBATIONARY\",\"date\":\"2025-04-01\"}",
            "{\"type\":\"MemberLeft\",\"eventId\":\"e9\",\"memberId\":\"M1\",\"reason\":\"DECEASED\",\"date\":\"2025-05-01\"}",
            "{\"type\":\"MemberClassified\",\"eventId\":\"e10\",\"memberId\":\"M2\",\"year\":2024,\"grade\":\"GOOD\"}",
            "{\"type\":\"MeetingRecorded\",\"eventId\":\"e11\",\"meetingId\":\"MT1\",\"branchId\":\"B0001\",\"date\":\"2025-06-05\",\"kind\":\"REGULAR\",\"revision\":1,\"membersExpected\":30,\"membersPresent\":27,\"absentUnexcused\":[\"M3\",\"M4\"],\"superiorAttended\":true,\"selfCriticism\":false,\"qualityScore\":85}",
            "{\"type\":\"MeetingRetracted\",\"eventId\":\"e12\",\"meetingId\":\"MT1\",\"revision\":2}",
            "{\"type\":\"MemberExempted\",\"eventId\":\"e13\",\"memberId\":\"M2\",\"date\":\"2025-06-01\"}",
            "{\"type\":\"MemberExemptionEnded\",\"eventId\":\"e14\",\"memberId\":\"M2\",\"date\":\"2025-06-10\"}",
            "{\"type\":\"Commune\",\"eventId\":\"e15\",\"code\":\"C002\",\"name\":\"Phường Thành Sen\",\"districtCode\":null}",
            "{\"type\":\"MeetingRecorded\",\"eventId\":\"e16\",\"meetingId\":\"MT2\",\"branchId\":\"B0001\",\"date\":\"2025-06-05\",\"kind\":\"THEMATIC\",\"revision\":1,\"membersExpected\":30,\"membersPresent\":30,\"absentUnexcused\":[],\"superiorAttended\":false,\"selfCriticism\":true,\"qualityScore\":null}");

    static ParseResult parse(String line) {
        return EventJson.parse(line, TODAY);
    }

    static Rejection rejectionOf(String line) {
        ParseResult result = parse(line);
        assertThat(result.isAccepted()).as("expected a rejection of %s", line).isFalse();
        return result.rejection();
    }

    static void assertRejected(String line, RejectionReason reason, String message) {
        Rejection r = rejectionOf(line);
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.message()).isEqualTo(message);
    }

    static String meeting(String fields) {
        return "{\"type\":\"MeetingRecorded\",\"eventId\":\"e\",\"meetingId\":\"MT1\",\"branchId\":\"B1\",\"date\":\"2025-06-05\","
                + "\"kind\":\"REGULAR\",\"revision\":1,\"superiorAttended\":false,\"selfCriticism\":true," + fields + "}";
    }

    /** A meeting line with every field but the figures given. */
    static String meetingWith(String figures) {
        return meeting(figures.contains("absentUnexcused") ? figures : figures + ",\"absentUnexcused\":[]");
    }

    @Test
    void everyTypeOfTheContractIsParsed() {
        assertThat(EventJson.typeNames()).containsExactly("District", "Commune", "Branch", "MemberRegistered", "MemberAdmitted",
                "MemberConfirmed", "MemberTransferred", "MemberLeft", "MemberClassified", "MemberExempted", "MemberExemptionEnded",
                "MeetingRecorded", "MeetingRetracted");
        for (String line : ONE_OF_EACH) {
            assertThat(parse(line).isAccepted()).as(line).isTrue();
        }
    }

    @Test
    void writingAParsedLineGivesTheSameLine() {
        for (String line : ONE_OF_EACH) {
            ParsedEvent event = parse(line).event();
            assertThat(EventJson.toJson(event.envelope())).isEqualTo(line);
            assertThat(parse(EventJson.toJson(event.envelope())).event()).isEqualTo(event);
        }
    }

    @Test
    void referenceDataIsKeyedByTypeAndCode() {
        ParsedEvent branch = parse(ONE_OF_EACH.get(2)).event();
        assertThat(branch.topic()).isEqualTo(Topics.REFERENCE);
        assertThat(branch.key()).isEqualTo("Branch:B0001");
        assertThat(branch.eventId()).isEqualTo("e3");
        assertThat(branch.type()).isEqualTo("Branch");
        ReferenceEvent envelope = (ReferenceEvent) branch.envelope();
        assertThat(envelope.getPayload()).isEqualTo(new Branch("B0001", "Chi bộ thôn Yên Hòa", "C001", BranchKind.VILLAGE));
        assertThat(parse(ONE_OF_EACH.get(0)).event().key()).isEqualTo("District:D01");
        assertThat(parse(ONE_OF_EACH.get(1)).event().key()).isEqualTo("Commune:C001");
    }

    @Test
    void memberEventsAreKeyedByMemberId() {
        ParsedEvent transfer = parse(ONE_OF_EACH.get(7)).event();
        assertThat(transfer.topic()).isEqualTo(Topics.MEMBER_EVENTS);
        assertThat(transfer.key()).isEqualTo("M9");
        MemberTransferred t = (MemberTransferred) ((MemberEvent) transfer.envelope()).getPayload();
        assertThat(t.getFromBranchId()).isNull();
        assertThat(t.getToBranchId()).isEqualTo("B0002");
        assertThat(t.getStatus()).isEqualTo(MemberStatus.PROBATIONARY);
        assertThat(t.getDate()).isEqualTo(LocalDate.of(2025, 4, 1));
        assertThat(parse(ONE_OF_EACH.get(8)).event().payload().toString()).contains(LeaveReason.DECEASED.name());
        assertThat(parse(ONE_OF_EACH.get(9)).event().payload().toString()).contains(Grade.GOOD.name());
    }

    @Test
    void meetingEventsAreKeyedByMeetingId() {
        ParsedEvent recorded = parse(ONE_OF_EACH.get(10)).event();
        assertThat(recorded.topic()).isEqualTo(Topics.MEETING_EVENTS);
        assertThat(recorded.key()).isEqualTo("MT1");
        MeetingRecorded m = (MeetingRecorded) ((MeetingEvent) recorded.envelope()).getPayload();
        assertThat(m.getKind()).isEqualTo(MeetingKind.REGULAR);
        assertThat(m.getMembersExpected()).isEqualTo(30);
        assertThat(m.getMembersPresent()).isEqualTo(27);
        assertThat(m.getAbsentUnexcused()).containsExactly("M3", "M4");
        assertThat(m.getSuperiorAttended()).isTrue();
        assertThat(m.getSelfCriticism()).isFalse();
        assertThat(parse(ONE_OF_EACH.get(11)).event().key()).isEqualTo("MT1");
    }

    @Test
    void nullableFieldsMustBeWrittenAsNull() {
        assertRejected("{\"type\":\"MemberTransferred\",\"eventId\":\"e\",\"memberId\":\"M1\",\"fromBranchId\":\"B1\",\"status\":null,"
                + "\"date\":\"2025-01-01\"}", RejectionReason.MISSING_FIELD, "field 'toBranchId' is missing");
        assertRejected("{\"type\":\"MemberTransferred\",\"eventId\":\"e\",\"memberId\":\"M1\",\"fromBranchId\":\"B1\",\"toBranchId\":null,"
                + "\"date\":\"2025-01-01\"}", RejectionReason.MISSING_FIELD, "field 'status' is missing");
        assertRejected("{\"type\":\"Commune\",\"eventId\":\"e\",\"code\":\"C1\",\"name\":\"Xã A\"}", RejectionReason.MISSING_FIELD,
                "field 'districtCode' is missing");
        MemberTransferred t = (MemberTransferred) parse("{\"type\":\"MemberTransferred\",\"eventId\":\"e\",\"memberId\":\"M1\","
                + "\"fromBranchId\":\"B1\",\"toBranchId\":null,\"status\":null,\"date\":\"2025-01-01\"}").event().payload();
        assertThat(t.getToBranchId()).isNull();
        assertThat(t.getStatus()).isNull();
        Commune c = (Commune) parse(ONE_OF_EACH.get(14)).event().payload();
        assertThat(c.getDistrictCode()).isNull();
    }

    @Test
    void absentUnexcusedIsRequiredEvenWhenNobodyIsAbsent() {
        assertRejected(meeting("\"membersExpected\":5,\"membersPresent\":5"), RejectionReason.MISSING_FIELD,
                "field 'absentUnexcused' is missing");
        MeetingRecorded m = (MeetingRecorded) parse(meetingWith("\"membersExpected\":5,\"membersPresent\":5")).event().payload();
        assertThat(m.getAbsentUnexcused()).isEmpty();
    }

    @Test
    void qualityScoreMayBeLeftOutOrNullAndMeansNotScored() {
        MeetingRecorded absent = (MeetingRecorded) parse(meetingWith("\"membersExpected\":5,\"membersPresent\":5")).event().payload();
        assertThat(absent.getQualityScore()).isNull();
        MeetingRecorded nul = (MeetingRecorded) parse(meetingWith("\"membersExpected\":5,\"membersPresent\":5,\"qualityScore\":null"))
                .event().payload();
        assertThat(nul.getQualityScore()).isNull();
        MeetingRecorded scored = (MeetingRecorded) parse(ONE_OF_EACH.get(10)).event().payload();
        assertThat(scored.getQualityScore()).isEqualTo(85);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "101   | QUALITY_SCORE_OUT_OF_RANGE | field 'qualityScore' is 101, must be from 0 to 100",
            "-5    | QUALITY_SCORE_OUT_OF_RANGE | field 'qualityScore' is -5, must be from 0 to 100",
            "'\"85\"' | WRONG_TYPE                 | field 'qualityScore' must be an integer, got \"85\"",
            "85.5  | WRONG_TYPE                 | field 'qualityScore' must be an integer, got 85.5"})
    void qualityScoreMustBeAnIntegerFromZeroToHundred(String score, RejectionReason reason, String message) {
        assertRejected(meetingWith("\"membersExpected\":5,\"membersPresent\":5,\"qualityScore\":" + score), reason, message);
    }

    @Test
    void aFieldTheTypeDoesNotDefineIsUnknown() {
        assertRejected("{\"type\":\"District\",\"eventId\":\"e\",\"code\":\"D01\",\"name\":\"X\",\"population\":12}",
                RejectionReason.UNKNOWN_FIELD, "field 'population' is not defined for District (its fields: type, eventId, code, name)");
        assertRejected("{\"type\":\"MemberTransferred\",\"eventId\":\"e\",\"memberId\":\"M1\",\"fromBranchId\":\"B1\","
                + "\"toBranchID\":\"B2\",\"status\":null,\"date\":\"2025-01-01\"}", RejectionReason.UNKNOWN_FIELD,
                "field 'toBranchID' is not defined for MemberTransferred (its fields: type, eventId, memberId, fromBranchId, toBranchId, "
                        + "status, date)");
        assertThat(rejectionOf(meetingWith("\"membersExpected\":5,\"membersPresent\":4,\"absentUnExcused\":[\"M1\"]")).message())
                .startsWith("field 'absentUnExcused' is not defined for MeetingRecorded");
        assertThat(rejectionOf("{\"type\":\"MemberConfirmed\",\"eventId\":\"e\",\"memberId\":\"M1\",\"date\":\"2025-01-01\","
                + "\"fullName\":\"Nguyễn Văn A\"}").reason()).isEqualTo(RejectionReason.UNKNOWN_FIELD);
    }

    @Test
    void emptyIdsAreRefused() {
        assertRejected("{\"type\":\"District\",\"eventId\":\"\",\"code\":\"D01\",\"name\":\"X\"}", RejectionReason.EMPTY_ID,
                "field 'eventId' is empty");
        assertRejected("{\"type\":\"MemberConfirmed\",\"eventId\":\"e\",\"memberId\":\"\",\"date\":\"2025-01-01\"}",
                RejectionReason.EMPTY_ID, "field 'memberId' is empty");
    }

    @Test
    void nationalIdNumbersAreRefusedAsMemberIds() {
        assertRejected("{\"type\":\"MemberConfirmed\",\"eventId\":\"e\",\"memberId\":\"042195000123\",\"date\":\"2025-01-01\"}",
                RejectionReason.NATIONAL_ID_NUMBER,
                "field 'memberId' is 12 digits, the shape of a national identity number; use the commune system's opaque member id");
        assertThat(rejectionOf(meetingWith("\"membersExpected\":5,\"membersPresent\":4,\"absentUnexcused\":[\"183456789\"]")).reason())
                .isEqualTo(RejectionReason.NATIONAL_ID_NUMBER);
    }

    @Test
    void loneSurrogateEscapesAndControlCharactersInNamesAreInvalidText() {
        assertRejected("{\"type\":\"District\",\"eventId\":\"e\",\"code\":\"D01\",\"name\":\"Huyện \\ud800\"}",
                RejectionReason.INVALID_TEXT, "field 'name' holds a lone surrogate U+D800 at character 7");
        assertRejected("{\"type\":\"District\",\"eventId\":\"e\",\"code\":\"D01\",\"name\":\"Huyện\\tA\"}",
                RejectionReason.INVALID_TEXT, "field 'name' holds the control character U+0009 at character 6");
        assertRejected("{\"type\":\"MemberConfirmed\",\"eventId\":\"e\",\"memberId\":\"M\\udfff\",\"date\":\"2025-01-01\"}",
                RejectionReason.INVALID_TEXT, "field 'memberId' holds a lone surrogate U+DFFF at character 2");
        assertThat(parse("{\"type\":\"District\",\"eventId\":\"e\",\"code\":\"D01\",\"name\":\"\\ud83d\\ude00\"}").isAccepted()).isTrue();
    }

    @Test
    void exemptionsAreMemberEvents() {
        ParsedEvent exempted = parse(ONE_OF_EACH.get(12)).event();
        assertThat(exempted.topic()).isEqualTo(Topics.MEMBER_EVENTS);
        assertThat(exempted.key()).isEqualTo("M2");
        assertThat(exempted.type()).isEqualTo("MemberExempted");
        assertThat(parse(ONE_OF_EACH.get(13)).event().key()).isEqualTo("M2");
        assertRejected("{\"type\":\"MemberExempted\",\"eventId\":\"e\",\"memberId\":\"M2\",\"date\":\"2025-06-17\"}",
                RejectionReason.DATE_OUT_OF_RANGE, "field 'date' is 2025-06-17, after tomorrow (2025-06-16)");
    }

    @Test
    void topLevelNonObjectIsInvalidJson() {
        assertRejected("[1,2]", RejectionReason.INVALID_JSON, "not a JSON object: got [1,2]");
        assertRejected("\"District\"", RejectionReason.INVALID_JSON, "not a JSON object: got \"District\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "", "   ", "{\"type\":\"District\"} x", "{\"type\":\"District\",\"type\":\"Branch\"}",
            "{\"type\":'District'}", "{\"revision\":NaN}", "{\"revision\":01}"})
    void brokenJsonIsInvalidJson(String line) {
        Rejection r = rejectionOf(line);
        assertThat(r.reason()).isEqualTo(RejectionReason.INVALID_JSON);
        assertThat(r.message()).startsWith("not valid JSON: ");
    }

    @Test
    void invalidJsonMessageSaysWhere() {
        assertThat(rejectionOf("{\"type\":\"District\",\"type\":\"Branch\"}").message()).contains("Duplicate field 'type'");
        assertThat(rejectionOf("{\"type\" \"District\"}").message()).contains("column");
    }

    @Test
    void unknownTypeIsNamed() {
        assertRejected("{\"type\":\"MemberPromoted\",\"eventId\":\"e\"}", RejectionReason.UNKNOWN_TYPE,
                "unknown type \"MemberPromoted\"; expected one of District, Commune, Branch, MemberRegistered, MemberAdmitted, "
                        + "MemberConfirmed, MemberTransferred, MemberLeft, MemberClassified, MemberExempted, MemberExemptionEnded, "
                        + "MeetingRecorded, MeetingRetracted");
    }

    @Test
    void missingTypeIsAMissingField() {
        assertRejected("{\"eventId\":\"e\"}", RejectionReason.MISSING_FIELD, "field 'type' is missing");
        assertRejected("{\"type\":7}", RejectionReason.WRONG_TYPE, "field 'type' must be a string, got 7");
    }

    @Test
    void missingEventIdIsAMissingField() {
        assertRejected("{\"type\":\"District\",\"code\":\"D01\",\"name\":\"X\"}", RejectionReason.MISSING_FIELD, "field 'eventId' is missing");
        assertRejected("{\"type\":\"District\",\"eventId\":null,\"code\":\"D01\",\"name\":\"X\"}", RejectionReason.MISSING_FIELD,
                "field 'eventId' must not be null");
        assertRejected("{\"type\":\"District\",\"eventId\":42,\"code\":\"D01\",\"name\":\"X\"}", RejectionReason.WRONG_TYPE,
                "field 'eventId' must be a string, got 42");
    }

    @Test
    void missingPayloadFieldIsNamed() {
        assertRejected("{\"type\":\"MemberAdmitted\",\"eventId\":\"e\",\"memberId\":\"M1\",\"date\":\"2025-01-01\"}",
                RejectionReason.MISSING_FIELD, "field 'branchId' is missing");
        assertRejected(meeting("\"membersExpected\":5"), RejectionReason.MISSING_FIELD, "field 'membersPresent' is missing");
    }

    @Test
    void nullIsRefusedWhereTheContractDoesNotAllowIt() {
        assertRejected("{\"type\":\"MemberAdmitted\",\"eventId\":\"e\",\"memberId\":null,\"branchId\":\"B1\",\"date\":\"2025-01-01\"}",
                RejectionReason.MISSING_FIELD, "field 'memberId' must not be null");
        assertRejected(meeting("\"membersExpected\":5,\"membersPresent\":5,\"absentUnexcused\":null"),
                RejectionReason.MISSING_FIELD, "field 'absentUnexcused' must not be null");
    }

    @Test
    void integersMustBeJsonIntegers() {
        assertRejected(meeting("\"membersExpected\":5,\"membersPresent\":\"abc\""), RejectionReason.WRONG_TYPE,
                "field 'membersPresent' must be an integer, got \"abc\"");
        assertRejected(meeting("\"membersExpected\":5,\"membersPresent\":\"3\""), RejectionReason.WRONG_TYPE,
                "field 'membersPresent' must be an integer, got \"3\"");
        assertRejected(meeting("\"membersExpected\":5,\"membersPresent\":1.5"), RejectionReason.WRONG_TYPE,
                "field 'membersPresent' must be an integer, got 1.5");
        assertRejected(meeting("\"membersExpected\":5,\"membersPresent\":true"), RejectionReason.WRONG_TYPE,
                "field 'membersPresent' must be an integer, got true");
        assertRejected(meeting("\"membersExpected\":3000000000,\"membersPresent\":1"), RejectionReason.WRONG_TYPE,
                "field 'membersExpected' must be an integer from -2147483648 to 2147483647, got 3000000000");
    }

    @Test
    void booleansMustBeJsonBooleans() {
        String line = "{\"type\":\"MeetingRecorded\",\"eventId\":\"e\",\"meetingId\":\"MT1\",\"branchId\":\"B1\",\"date\":\"2025-06-05\","
                + "\"kind\":\"REGULAR\",\"revision\":1,\"membersExpected\":5,\"membersPresent\":5,\"absentUnexcused\":[],\"superiorAttended\":\"true\",\"selfCriticism\":true}";
        assertRejected(line, RejectionReason.WRONG_TYPE, "field 'superiorAttended' must be true or false, got \"true\"");
        assertRejected(line.replace("\"true\"", "1"), RejectionReason.WRONG_TYPE, "field 'superiorAttended' must be true or false, got 1");
    }

    @Test
    void stringsMustBeJsonStrings() {
        assertRejected("{\"type\":\"MemberConfirmed\",\"eventId\":\"e\",\"memberId\":123,\"date\":\"2025-01-01\"}",
                RejectionReason.WRONG_TYPE, "field 'memberId' must be a string, got 123");
    }

    @Test
    void datesMustBeIsoCalendarDates() {
        String template = "{\"type\":\"MemberConfirmed\",\"eventId\":\"e\",\"memberId\":\"M1\",\"date\":%s}";
        assertRejected(String.format(template, "\"15/06/2025\""), RejectionReason.WRONG_TYPE,
                "field 'date' must be a date YYYY-MM-DD, got \"15/06/2025\"");
        assertRejected(String.format(template, "\"2025-02-30\""), RejectionReason.WRONG_TYPE,
                "field 'date' must be a date YYYY-MM-DD, got \"2025-02-30\"");
        assertRejected(String.format(template, "\"2025-6-1\""), RejectionReason.WRONG_TYPE,
                "field 'date' must be a date YYYY-MM-DD, got \"2025-6-1\"");
        assertRejected(String.format(template, "20250601"), RejectionReason.WRONG_TYPE,
                "field 'date' must be a date YYYY-MM-DD, got 20250601");
    }

    @Test
    void arraysMustHoldStrings() {
        assertRejected(meeting("\"membersExpected\":5,\"membersPresent\":2,\"absentUnexcused\":\"M1;M2\""), RejectionReason.WRONG_TYPE,
                "field 'absentUnexcused' must be an array, got \"M1;M2\"");
        assertRejected(meeting("\"membersExpected\":5,\"membersPresent\":2,\"absentUnexcused\":[\"M1\",7]"), RejectionReason.WRONG_TYPE,
                "field 'absentUnexcused[1]' must be a string, got 7");
    }

    @Test
    void enumValuesMustBeListed() {
        assertRejected(meetingWith("\"membersExpected\":5,\"membersPresent\":5").replace("\"REGULAR\"", "\"regular\""),
                RejectionReason.INVALID_ENUM, "field 'kind' must be one of REGULAR, THEMATIC, got \"regular\"");
        assertRejected("{\"type\":\"MemberLeft\",\"eventId\":\"e\",\"memberId\":\"M1\",\"reason\":\"RESIGNED\",\"date\":\"2025-01-01\"}",
                RejectionReason.INVALID_ENUM, "field 'reason' must be one of DECEASED, REMOVED, EXPELLED, got \"RESIGNED\"");
        assertRejected("{\"type\":\"MemberTransferred\",\"eventId\":\"e\",\"memberId\":\"M1\",\"fromBranchId\":null,\"toBranchId\":\"B1\",\"status\":\"ACTIVE\",\"date\":\"2025-01-01\"}",
                RejectionReason.INVALID_ENUM, "field 'status' must be one of PROBATIONARY, OFFICIAL, got \"ACTIVE\"");
        assertRejected("{\"type\":\"Branch\",\"eventId\":\"e\",\"id\":\"B1\",\"name\":\"X\",\"communeCode\":\"C1\",\"kind\":0}",
                RejectionReason.WRONG_TYPE, "field 'kind' must be a string, one of VILLAGE, STREET_GROUP, OTHER, got 0");
    }

    @Test
    void domainRulesApplyAfterParsing() {
        assertRejected(meetingWith("\"membersExpected\":5,\"membersPresent\":6"), RejectionReason.MEMBERS_PRESENT_ABOVE_EXPECTED,
                "field 'membersPresent' is 6, above membersExpected 5");
        assertRejected("{\"type\":\"MemberConfirmed\",\"eventId\":\"e\",\"memberId\":\"M1\",\"date\":\"2025-06-17\"}",
                RejectionReason.DATE_OUT_OF_RANGE, "field 'date' is 2025-06-17, after tomorrow (2025-06-16)");
        assertRejected("{\"type\":\"District\",\"eventId\":\"" + "x".repeat(65) + "\",\"code\":\"D01\",\"name\":\"X\"}",
                RejectionReason.TOO_LONG, "field 'eventId' is 65 characters long, at most 64 allowed");
    }

    @Test
    void longValuesAreShortenedInMessages() {
        String message = rejectionOf("{\"type\":\"MemberConfirmed\",\"eventId\":\"e\",\"memberId\":\"M1\",\"date\":\"" + "9".repeat(500) + "\"}").message();
        assertThat(message).hasSizeLessThan(150).endsWith("…");
    }
}
