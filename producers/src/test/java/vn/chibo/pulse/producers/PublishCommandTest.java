package vn.chibo.pulse.producers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.producers.internal.JsonLines;

/**
 * {@code pulse publish} on its own (--dry-run: no broker needed): every rejection reason that
 * publish can decide alone, each with its exact report line, and the handling of the input.
 * PublishCommandIntegrationTest covers sending.
 */
class PublishCommandTest {
    @TempDir
    Path dir;

    static final String GOOD_MEETING_PREFIX = "{\"type\":\"MeetingRecorded\",\"eventId\":\"m\",\"meetingId\":\"MT1\",\"branchId\":\"B1\","
            + "\"date\":\"2024-05-05\",\"kind\":\"REGULAR\",\"revision\":1,\"superiorAttended\":true,\"selfCriticism\":true,";

    static String meeting(String figures) {
        return GOOD_MEETING_PREFIX + figures + "}";
    }

    /** One line per reason publish can decide alone, and the message it must give. */
    static Map<RejectionReason, String[]> oneLinePerReason() {
        LocalDate today = EventRules.today();
        LocalDate dayAfterTomorrow = today.plusDays(2);
        int yearAfterNext = today.getYear() + 2;
        Map<RejectionReason, String[]> cases = new LinkedHashMap<>();
        cases.put(RejectionReason.INVALID_JSON, new String[] {"{\"type\":\"District\",",
                "not valid JSON: Unexpected end-of-input within/between Object entries (at column 20)"});
        cases.put(RejectionReason.UNKNOWN_TYPE, new String[] {"{\"type\":\"MemberPromoted\",\"eventId\":\"e\",\"memberId\":\"M1\"}",
                "unknown type \"MemberPromoted\"; expected one of District, Commune, Branch, MemberRegistered, MemberAdmitted, "
                        + "MemberConfirmed, MemberTransferred, MemberLeft, MemberClassified, MemberExempted, MemberExemptionEnded, "
                        + "MeetingRecorded, MeetingRetracted"});
        cases.put(RejectionReason.MISSING_FIELD, new String[] {"{\"type\":\"MemberAdmitted\",\"eventId\":\"e\",\"memberId\":\"M1\",\"date\":\"2024-01-01\"}",
                "field 'branchId' is missing"});
        cases.put(RejectionReason.WRONG_TYPE, new String[] {meeting("\"membersExpected\":5,\"membersPresent\":\"abc\""),
                "field 'membersPresent' must be an integer, got \"abc\""});
        cases.put(RejectionReason.INVALID_ENUM, new String[] {
                "{\"type\":\"MemberLeft\",\"eventId\":\"e\",\"memberId\":\"M1\",\"reason\":\"RESIGNED\",\"date\":\"2024-01-01\"}",
                "field 'reason' must be one of DECEASED, REMOVED, EXPELLED, got \"RESIGNED\""});
        cases.put(RejectionReason.TOO_LONG, new String[] {
                "{\"type\":\"MemberConfirmed\",\"eventId\":\"e\",\"memberId\":\"" + "M".repeat(65) + "\",\"date\":\"2024-01-01\"}",
                "field 'memberId' is 65 characters long, at most 64 allowed"});
        cases.put(RejectionReason.DATE_OUT_OF_RANGE, new String[] {
                "{\"type\":\"MemberConfirmed\",\"eventId\":\"e\",\"memberId\":\"M1\",\"date\":\"" + dayAfterTomorrow + "\"}",
                "field 'date' is " + dayAfterTomorrow + ", after tomorrow (" + today.plusDays(1) + ")"});
        cases.put(RejectionReason.YEAR_OUT_OF_RANGE, new String[] {
                "{\"type\":\"MemberClassified\",\"eventId\":\"e\",\"memberId\":\"M1\",\"year\":" + yearAfterNext + ",\"grade\":\"GOOD\"}",
                "field 'year' is " + yearAfterNext + ", after next year (" + (today.getYear() + 1) + ")"});
        cases.put(RejectionReason.INVALID_REVISION, new String[] {"{\"type\":\"MeetingRetracted\",\"eventId\":\"e\",\"meetingId\":\"MT1\",\"revision\":0}",
                "field 'revision' is 0, must be at least 1"});
        cases.put(RejectionReason.MEMBERS_EXPECTED_TOO_LOW, new String[] {meeting("\"membersExpected\":0,\"membersPresent\":0,\"absentUnexcused\":[]"),
                "field 'membersExpected' is 0, must be at least 1"});
        cases.put(RejectionReason.MEMBERS_PRESENT_NEGATIVE, new String[] {meeting("\"membersExpected\":5,\"membersPresent\":-2,\"absentUnexcused\":[]"),
                "field 'membersPresent' is -2, must be at least 0"});
        cases.put(RejectionReason.MEMBERS_PRESENT_ABOVE_EXPECTED, new String[] {meeting("\"membersExpected\":5,\"membersPresent\":7,\"absentUnexcused\":[]"),
                "field 'membersPresent' is 7, above membersExpected 5"});
        cases.put(RejectionReason.DUPLICATE_ABSENTEE, new String[] {
                meeting("\"membersExpected\":5,\"membersPresent\":2,\"absentUnexcused\":[\"M1\",\"M2\",\"M1\"]"),
                "field 'absentUnexcused' lists member \"M1\" more than once"});
        cases.put(RejectionReason.TOO_MANY_ABSENTEES, new String[] {
                meeting("\"membersExpected\":5,\"membersPresent\":4,\"absentUnexcused\":[\"M1\",\"M2\"]"),
                "field 'absentUnexcused' lists 2 members, more than membersExpected - membersPresent = 5 - 4 = 1"});
        cases.put(RejectionReason.UNKNOWN_FIELD, new String[] {
                "{\"type\":\"MemberTransferred\",\"eventId\":\"e\",\"memberId\":\"M1\",\"fromBranchId\":\"B1\",\"toBranchID\":\"B2\","
                        + "\"status\":null,\"date\":\"2024-01-01\"}",
                "field 'toBranchID' is not defined for MemberTransferred (its fields: type, eventId, memberId, fromBranchId, toBranchId, "
                        + "status, date)"});
        cases.put(RejectionReason.EMPTY_ID, new String[] {"{\"type\":\"Commune\",\"eventId\":\"e\",\"code\":\"\",\"name\":\"Xã A\",\"districtCode\":null}",
                "field 'code' is empty"});
        cases.put(RejectionReason.NATIONAL_ID_NUMBER, new String[] {
                meeting("\"membersExpected\":5,\"membersPresent\":4,\"absentUnexcused\":[\"042195000123\"]"),
                "field 'absentUnexcused[0]' is 12 digits, the shape of a national identity number; use the commune system's opaque member id"});
        cases.put(RejectionReason.INVALID_TEXT, new String[] {
                "{\"type\":\"Branch\",\"eventId\":\"e\",\"id\":\"B1\",\"name\":\"Chi bộ \\ud800\",\"communeCode\":\"C1\",\"kind\":\"OTHER\"}",
                "field 'name' holds a lone surrogate U+D800 at character 8"});
        cases.put(RejectionReason.QUALITY_SCORE_OUT_OF_RANGE, new String[] {
                meeting("\"membersExpected\":5,\"membersPresent\":5,\"absentUnexcused\":[],\"qualityScore\":120"),
                "field 'qualityScore' is 120, must be from 0 to 100"});
        cases.put(RejectionReason.TRANSFER_WITHOUT_BRANCH, new String[] {
                "{\"type\":\"MemberTransferred\",\"eventId\":\"e\",\"memberId\":\"M1\",\"fromBranchId\":null,\"toBranchId\":null,\"status\":\"OFFICIAL\",\"date\":\"2024-01-01\"}",
                "fields 'fromBranchId' and 'toBranchId' are both null; a transfer needs at least one branch"});
        cases.put(RejectionReason.TRANSFER_IN_WITHOUT_STATUS, new String[] {
                "{\"type\":\"MemberTransferred\",\"eventId\":\"e\",\"memberId\":\"M1\",\"fromBranchId\":null,\"toBranchId\":\"B2\",\"status\":null,\"date\":\"2024-01-01\"}",
                "field 'status' is required when 'fromBranchId' is null (a transfer from outside the province)"});
        return cases;
    }

    int run(CommandOutput o, String... args) {
        return PublishCommand.run(List.of(args), Map.of(), new ByteArrayInputStream(new byte[0]), o.out, o.err);
    }

    @Test
    void everyReasonPublishCanDecideAloneIsReportedWithLineNumberReasonAndMessage() throws IOException {
        Map<RejectionReason, String[]> cases = oneLinePerReason();
        assertThat(cases.keySet()).containsExactlyInAnyOrderElementsOf(RejectionReason.DECIDED_BY_EVENT_ALONE.stream()
                .filter(r -> r != RejectionReason.UNDESERIALIZABLE).toList());
        List<String> lines = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        lines.add("{\"type\":\"District\",\"eventId\":\"d1\",\"code\":\"D01\",\"name\":\"Huyện Đức Thọ\"}");
        for (Map.Entry<RejectionReason, String[]> c : cases.entrySet()) {
            lines.add(c.getValue()[0]);
            expected.add("line " + lines.size() + ": " + c.getKey() + ": " + c.getValue()[1]);
        }
        Path file = dir.resolve("events.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);

        CommandOutput o = new CommandOutput();
        int exit = run(o, "--dry-run", "--progress=none", file.toString());

        assertThat(o.errLines()).containsExactlyElementsOf(expected);
        assertThat(exit).isEqualTo(1);
        assertThat(o.out()).startsWith("publish: " + lines.size() + " lines read, 1 valid, " + cases.size() + " rejected");
    }

    @Test
    void validFileGivesExitZero() throws IOException {
        Path file = dir.resolve("ok.jsonl");
        Files.writeString(file, "{\"type\":\"District\",\"eventId\":\"d1\",\"code\":\"D01\",\"name\":\"Huyện Đức Thọ\"}\n"
                + meeting("\"membersExpected\":5,\"membersPresent\":4,\"absentUnexcused\":[\"M1\"]") + "\n");
        CommandOutput o = new CommandOutput();
        assertThat(run(o, "--dry-run", "--progress=none", file.toString())).isEqualTo(0);
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).startsWith("publish: 2 lines read, 2 valid, 0 rejected");
    }

    @Test
    void byteOrderMarkCrLfAndBlankLinesAreTolerated() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write(("{\"type\":\"District\",\"eventId\":\"d1\",\"code\":\"D01\",\"name\":\"Thị xã Hồng Lĩnh\"}\r\n\r\n   \n"
                + "{\"type\":\"District\",\"eventId\":\"d2\",\"code\":\"D02\",\"name\":\"Huyện Vũ Quang\"}").getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("bom.jsonl");
        Files.write(file, bytes.toByteArray());
        CommandOutput o = new CommandOutput();
        assertThat(run(o, "--dry-run", "--progress=none", file.toString())).isEqualTo(0);
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).startsWith("publish: 4 lines read, 2 valid, 0 rejected");
    }

    @Test
    void lineLongerThanOneMebibyteIsRefusedWithItsNumberAndTheRestGoesOn() throws IOException {
        String district = "{\"type\":\"District\",\"eventId\":\"d%d\",\"code\":\"D%d\",\"name\":\"%s\"}";
        String atTheLimit = String.format(district, 1, 1, "x".repeat(JsonLines.MAX_LINE_BYTES - String.format(district, 1, 1, "").length()));
        String overTheLimit = String.format(district, 2, 2, "x".repeat(JsonLines.MAX_LINE_BYTES));
        Path file = dir.resolve("long.jsonl");
        Files.write(file, List.of(atTheLimit, overTheLimit, String.format(district, 3, 3, "Huyện Vũ Quang")), StandardCharsets.UTF_8);
        CommandOutput o = new CommandOutput();
        assertThat(run(o, "--dry-run", "--progress=none", file.toString())).isEqualTo(1);
        assertThat(o.errLines()).containsExactly("line 2: TOO_LONG: the line is " + overTheLimit.length() + " bytes long, at most 1048576 "
                + "(1 MiB) allowed");
        assertThat(o.out()).startsWith("publish: 3 lines read, 2 valid, 1 rejected");
    }

    @Test
    void lineThatIsNotUtf8IsRejectedAndTheRestGoesOn() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("{\"type\":\"District\",\"eventId\":\"d1\",\"code\":\"D01\",\"name\":\"Hu".getBytes(StandardCharsets.UTF_8));
        bytes.write(new byte[] {(byte) 0xC6, (byte) 0x28}); // broken two-byte sequence
        bytes.write("\"}\n{\"type\":\"District\",\"eventId\":\"d2\",\"code\":\"D02\",\"name\":\"Huyện Vũ Quang\"}\n".getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("latin.jsonl");
        Files.write(file, bytes.toByteArray());
        CommandOutput o = new CommandOutput();
        assertThat(run(o, "--dry-run", "--progress=none", file.toString())).isEqualTo(1);
        assertThat(o.errLines()).containsExactly("line 1: INVALID_JSON: not valid UTF-8");
        assertThat(o.out()).startsWith("publish: 2 lines read, 1 valid, 1 rejected");
    }

    @Test
    void dashReadsStandardInput() {
        CommandOutput o = new CommandOutput();
        byte[] input = "{\"type\":\"District\",\"eventId\":\"d1\",\"code\":\"D01\",\"name\":\"X\"}\nnope\n".getBytes(StandardCharsets.UTF_8);
        int exit = PublishCommand.run(List.of("--dry-run", "--progress=none", "-"), Map.of(), new ByteArrayInputStream(input), o.out, o.err);
        assertThat(exit).isEqualTo(1);
        assertThat(o.errLines()).singleElement().asString().startsWith("line 2: INVALID_JSON: not valid JSON: Unrecognized token 'nope'");
    }

    @Test
    void usageErrorsGiveExitTwo() {
        CommandOutput o = new CommandOutput();
        assertThat(run(o)).isEqualTo(2);
        assertThat(o.errLines().get(0)).isEqualTo("publish: no FILE given");
        assertThat(o.err()).contains("usage: pulse publish");

        CommandOutput unknown = new CommandOutput();
        assertThat(run(unknown, "--fast", "x.jsonl")).isEqualTo(2);
        assertThat(unknown.errLines().get(0)).isEqualTo("publish: unknown option --fast");

        CommandOutput missing = new CommandOutput();
        assertThat(run(missing, dir.resolve("nothing-here.jsonl").toString())).isEqualTo(2);
        assertThat(missing.errLines()).containsExactly("publish: no such file: " + dir.resolve("nothing-here.jsonl"));
    }

    @Test
    void missingEndpointsAreAUsageError() throws IOException {
        Path file = dir.resolve("ok.jsonl");
        Files.writeString(file, "{\"type\":\"District\",\"eventId\":\"d1\",\"code\":\"D01\",\"name\":\"X\"}\n");
        CommandOutput o = new CommandOutput();
        assertThat(run(o, file.toString())).isEqualTo(2);
        assertThat(o.errLines()).containsExactly(
                "publish: no kafka.bootstrap given (--bootstrap, PULSE_KAFKA_BOOTSTRAP or .pulse/endpoints.properties from ./pulse up)");
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        CommandOutput o = new CommandOutput();
        assertThat(run(o, "--help")).isEqualTo(0);
        assertThat(o.out()).contains("exit status: 0 all sent, 1 some lines rejected, 2 usage or connection error");
    }
}
