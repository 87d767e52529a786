package vn.chibo.pulse.reconcile;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;

import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MeetingRecorded;

/**
 * A small province written by hand, whose every rule of SPEC §2–§3 is exercised: transfers
 * within a commune, between communes, between districts, in and out of the province; a re-grade;
 * exemptions; members at risk (and an exempt one who is not); quality scores in every band; a
 * revised and a retracted meeting; a reorganisation after the facts (a commune moves to another
 * district, another under the province, a branch to another commune); duplicates and refusals.
 */
final class HandMadeHistory {

    private HandMadeHistory() {
    }

    static String[] reference() {
        return new String[] {
            district("HD1", "Huyện Một"), district("HD2", "Huyện Hai"),
            commune("HC1", "Xã Một", "HD1"), commune("HC2", "Xã Hai", "HD1"), commune("HC3", "Xã Ba", "HD2"),
            branch("HB1", "Chi bộ thôn Một", "HC1", "VILLAGE"), branch("HB2", "Chi bộ tổ dân phố Hai", "HC1", "STREET_GROUP"),
            branch("HB3", "Chi bộ trường học", "HC2", "OTHER"), branch("HB4", "Chi bộ thôn Bốn", "HC3", "VILLAGE"),
        };
    }

    static String[] members() {
        return new String[] {
            registered("HMa", "HB1", "OFFICIAL"), registered("HMb", "HB1", "PROBATIONARY"), registered("HMc", "HB2", "OFFICIAL"),
            registered("HMd", "HB3", "OFFICIAL"), registered("HMe", "HB4", "OFFICIAL"), registered("HMf", "HB4", "OFFICIAL"),
            line("MemberAdmitted", "h-adm-g", "\"memberId\":\"HMg\",\"branchId\":\"HB1\",\"date\":\"2026-09-03\""),
            line("MemberConfirmed", "h-conf-b", "\"memberId\":\"HMb\",\"date\":\"2026-09-10\""),
            transfer("h-tr-a", "HMa", "\"HB1\"", "\"HB2\"", "null", "2026-09-15"),
            transfer("h-tr-c", "HMc", "\"HB2\"", "\"HB3\"", "null", "2026-10-01"),
            transfer("h-tr-d", "HMd", "\"HB3\"", "\"HB4\"", "null", "2026-10-02"),
            transfer("h-tr-h", "HMh", "null", "\"HB1\"", "\"OFFICIAL\"", "2026-10-05"),
            transfer("h-tr-f", "HMf", "\"HB4\"", "null", "null", "2026-10-20"),
            line("MemberLeft", "h-left-e", "\"memberId\":\"HMe\",\"reason\":\"DECEASED\",\"date\":\"2026-11-02\""),
            classified("h-gr-a1", "HMa", "GOOD"), classified("h-gr-a2", "HMa", "EXCELLENT"), classified("h-gr-b", "HMb", "COMPLETED"),
            line("MemberExempted", "h-ex-d", "\"memberId\":\"HMd\",\"date\":\"2026-10-10\""),
            line("MemberExempted", "h-ex-h", "\"memberId\":\"HMh\",\"date\":\"2026-10-06\""),
            line("MemberExemptionEnded", "h-exend-h", "\"memberId\":\"HMh\",\"date\":\"2026-10-25\""),
            // the admission again with its eventId: no effect
            line("MemberAdmitted", "h-adm-g", "\"memberId\":\"HMg\",\"branchId\":\"HB1\",\"date\":\"2026-09-03\""),
            // refused by state: an unknown branch, an official member confirmed, a transfer from the wrong branch
            line("MemberAdmitted", "h-bad-1", "\"memberId\":\"HMx\",\"branchId\":\"HB-none\",\"date\":\"2026-09-03\""),
            line("MemberConfirmed", "h-bad-2", "\"memberId\":\"HMa\",\"date\":\"2026-10-10\""),
            transfer("h-bad-3", "HMb", "\"HB2\"", "\"HB3\"", "null", "2026-10-11"),
        };
    }

    static String[] meetings() {
        return new String[] {
            meeting("HB1-09", 1, "HB1", "2026-09-05", "REGULAR", 10, 8, "\"HMg\",\"HMd\"", "85"),
            meeting("HB1-10", 1, "HB1", "2026-10-05", "REGULAR", 10, 7, "\"HMg\",\"HMd\"", "72"),
            meeting("HB1-11", 1, "HB1", "2026-11-05", "REGULAR", 10, 6, "\"HMg\",\"HMd\"", "45"),
            meeting("HB2-T", 1, "HB2", "2026-10-12", "THEMATIC", 5, 5, "", "60"),
            meeting("HB3-11", 1, "HB3", "2026-11-06", "REGULAR", 4, 4, "", "90"),
            meeting("HB3-11", 2, "HB3", "2026-11-06", "REGULAR", 4, 3, "", "65"),
            meeting("HB3-11", 1, "HB3", "2026-11-07", "THEMATIC", 9, 9, "", "99"),
            meeting("HB4-11", 1, "HB4", "2026-11-08", "REGULAR", 3, 3, "", null),
            line("MeetingRetracted", "h-retract", "\"meetingId\":\"HB4-11\",\"revision\":2"),
        };
    }

    /** After the facts: history is restated in the tree as it is now. */
    static String[] reorganisation() {
        return new String[] {
            line("Commune", "h-re-1", "\"code\":\"HC2\",\"name\":\"Xã Hai\",\"districtCode\":\"HD2\""),
            line("Commune", "h-re-2", "\"code\":\"HC3\",\"name\":\"Phường Ba\",\"districtCode\":null"),
            branch("HB2", "Chi bộ tổ dân phố Hai", "HC3", "STREET_GROUP").replace("ref-HB2", "h-re-3"),
            line("District", "h-re-4", "\"code\":\"HD1\",\"name\":\"Thị xã Một\""),
            line("Commune", "h-bad-4", "\"code\":\"HC9\",\"name\":\"Xã Chín\",\"districtCode\":\"HD9\""),
        };
    }

    /** Refused by the rules an event is judged by alone: sent unchecked, as a faulty commune system would. */
    static List<SpecificRecord> invalidAlone() {
        List<SpecificRecord> events = new ArrayList<>();
        events.add(new MeetingEvent("h-bad-5", new MeetingRecorded("HB1-bad", "HB1", LocalDate.of(2026, 10, 9),
                MeetingKind.REGULAR, 1, 5, 6, List.of(), false, false, null)));
        events.add(new MeetingEvent("h-bad-6", new MeetingRecorded("HB1-bad2", "HB1", LocalDate.of(2026, 10, 9),
                MeetingKind.REGULAR, 1, 5, 5, List.of(), false, false, 101)));
        return events;
    }

    private static String district(String code, String name) {
        return line("District", "ref-" + code, "\"code\":\"" + code + "\",\"name\":\"" + name + "\"");
    }

    private static String commune(String code, String name, String district) {
        return line("Commune", "ref-" + code, "\"code\":\"" + code + "\",\"name\":\"" + name + "\",\"districtCode\":\"" + district + "\"");
    }

    private static String branch(String id, String name, String commune, String kind) {
        return line("Branch", "ref-" + id, "\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"communeCode\":\"" + commune
                + "\",\"kind\":\"" + kind + "\"");
    }

    private static String registered(String member, String branch, String status) {
        return line("MemberRegistered", "h-reg-" + member, "\"memberId\":\"" + member + "\",\"branchId\":\"" + branch
                + "\",\"status\":\"" + status + "\",\"date\":\"2026-01-01\"");
    }

    private static String transfer(String eventId, String member, String from, String to, String status, String date) {
        return line("MemberTransferred", eventId, "\"memberId\":\"" + member + "\",\"fromBranchId\":" + from
                + ",\"toBranchId\":" + to + ",\"status\":" + status + ",\"date\":\"" + date + "\"");
    }

    private static String classified(String eventId, String member, String grade) {
        return line("MemberClassified", eventId, "\"memberId\":\"" + member + "\",\"year\":2026,\"grade\":\"" + grade + "\"");
    }

    private static String meeting(String id, int revision, String branch, String date, String kind, int expected,
                                  int present, String absent, String score) {
        return line("MeetingRecorded", "h-mt-" + id + "-" + revision + "-" + date, "\"meetingId\":\"" + id + "\",\"branchId\":\""
                + branch + "\",\"date\":\"" + date + "\",\"kind\":\"" + kind + "\",\"revision\":" + revision
                + ",\"membersExpected\":" + expected + ",\"membersPresent\":" + present + ",\"absentUnexcused\":[" + absent
                + "],\"superiorAttended\":" + (present % 2 == 0) + ",\"selfCriticism\":true"
                + (score == null ? "" : ",\"qualityScore\":" + score));
    }

    private static String line(String type, String eventId, String fields) {
        return "{\"type\":\"" + type + "\",\"eventId\":\"" + eventId + "\"," + fields + "}";
    }
}
