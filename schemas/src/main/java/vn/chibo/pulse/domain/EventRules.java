package vn.chibo.pulse.domain;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import vn.chibo.pulse.events.Branch;
import vn.chibo.pulse.events.Commune;
import vn.chibo.pulse.events.District;
import vn.chibo.pulse.events.MeetingEvent;
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
import vn.chibo.pulse.events.MemberTransferred;
import vn.chibo.pulse.events.ReferenceEvent;

/**
 * The rules of SPEC.md §2 that an event can be judged by alone, without the pipeline's state:
 * ids and codes present, not empty and not too long, member ids that are not national id
 * numbers, names that are clean text, date and year ranges, meeting figures and quality score,
 * the shape of a transfer.
 * Written once here so that {@code publish}, the publishing library and the streams app refuse
 * exactly the same events with exactly the same messages.
 *
 * <p>"Today" is the calendar date in Vietnam ({@link #ZONE}); pass {@link #today(Clock)} so that
 * tests can fix the clock.
 */
public final class EventRules {
    /** The time zone whose calendar decides "tomorrow" and "next year". */
    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    /** Founding of the Communist Party of Vietnam: no event can be dated earlier. */
    public static final LocalDate EARLIEST_DATE = LocalDate.of(1930, 2, 3);
    public static final int EARLIEST_YEAR = 1930;
    /** Longest id, code or eventId, in characters (Unicode code points). */
    public static final int MAX_ID_LENGTH = 64;

    private EventRules() {}

    /** Today's date in Vietnam according to {@code clock}. */
    public static LocalDate today(Clock clock) {
        return LocalDate.now(clock.withZone(ZONE));
    }

    /** Today's date in Vietnam according to the system clock. */
    public static LocalDate today() {
        return today(Clock.systemUTC());
    }

    /**
     * Checks one event. {@code event} is either a payload record (District, Commune, Branch,
     * MemberRegistered … MeetingRetracted) or an envelope (ReferenceEvent, MemberEvent,
     * MeetingEvent), in which case its eventId is checked first and then its payload.
     *
     * @return the first rule the event breaks, or empty when it breaks none
     * @throws IllegalArgumentException if {@code event} is not one of the event classes
     */
    public static Optional<Rejection> check(Object event, LocalDate today) {
        if (event instanceof ReferenceEvent e) {
            return checkEnvelope(e.getEventId(), e.getPayload(), today);
        } else if (event instanceof MemberEvent e) {
            return checkEnvelope(e.getEventId(), e.getPayload(), today);
        } else if (event instanceof MeetingEvent e) {
            return checkEnvelope(e.getEventId(), e.getPayload(), today);
        }
        return Optional.ofNullable(checkPayload(event, today));
    }

    /** Checks the envelope's eventId: present, not empty and at most 64 characters. */
    public static Optional<Rejection> checkEventId(String eventId) {
        return Optional.ofNullable(id("eventId", eventId));
    }

    private static Optional<Rejection> checkEnvelope(String eventId, Object payload, LocalDate today) {
        Rejection r = id("eventId", eventId);
        if (r == null) {
            if (payload == null) {
                r = missing("payload");
            } else {
                r = checkPayload(payload, today);
            }
        }
        return Optional.ofNullable(r);
    }

    private static Rejection checkPayload(Object payload, LocalDate today) {
        if (payload instanceof District d) {
            return first(id("code", d.getCode()), name(d.getName()));
        } else if (payload instanceof Commune c) {
            // a null districtCode is a commune directly under the province (SPEC v2)
            return first(id("code", c.getCode()), name(c.getName()), optionalId("districtCode", c.getDistrictCode()));
        } else if (payload instanceof Branch b) {
            return first(id("id", b.getId()), name(b.getName()), id("communeCode", b.getCommuneCode()),
                    required("kind", b.getKind()));
        } else if (payload instanceof MemberRegistered m) {
            return first(memberId("memberId", m.getMemberId()), id("branchId", m.getBranchId()), required("status", m.getStatus()),
                    date("date", m.getDate(), today));
        } else if (payload instanceof MemberAdmitted m) {
            return first(memberId("memberId", m.getMemberId()), id("branchId", m.getBranchId()), date("date", m.getDate(), today));
        } else if (payload instanceof MemberConfirmed m) {
            return first(memberId("memberId", m.getMemberId()), date("date", m.getDate(), today));
        } else if (payload instanceof MemberTransferred t) {
            return first(memberId("memberId", t.getMemberId()), optionalId("fromBranchId", t.getFromBranchId()),
                    optionalId("toBranchId", t.getToBranchId()), date("date", t.getDate(), today), transferShape(t));
        } else if (payload instanceof MemberLeft m) {
            return first(memberId("memberId", m.getMemberId()), required("reason", m.getReason()), date("date", m.getDate(), today));
        } else if (payload instanceof MemberClassified m) {
            return first(memberId("memberId", m.getMemberId()), year("year", m.getYear(), today), required("grade", m.getGrade()));
        } else if (payload instanceof MemberExempted m) {
            return first(memberId("memberId", m.getMemberId()), date("date", m.getDate(), today));
        } else if (payload instanceof MemberExemptionEnded m) {
            return first(memberId("memberId", m.getMemberId()), date("date", m.getDate(), today));
        } else if (payload instanceof MeetingRecorded m) {
            return first(id("meetingId", m.getMeetingId()), id("branchId", m.getBranchId()), date("date", m.getDate(), today),
                    required("kind", m.getKind()), revision(m.getRevision()), meetingFigures(m), qualityScore(m.getQualityScore()));
        } else if (payload instanceof MeetingRetracted m) {
            return first(id("meetingId", m.getMeetingId()), revision(m.getRevision()));
        }
        throw new IllegalArgumentException("not an event record: "
                + (payload == null ? "null" : payload.getClass().getName()));
    }

    private static Rejection transferShape(MemberTransferred t) {
        if (t.getFromBranchId() == null && t.getToBranchId() == null) {
            return Rejection.of(RejectionReason.TRANSFER_WITHOUT_BRANCH,
                    "fields 'fromBranchId' and 'toBranchId' are both null; a transfer needs at least one branch");
        }
        if (t.getFromBranchId() == null && t.getStatus() == null) {
            return Rejection.of(RejectionReason.TRANSFER_IN_WITHOUT_STATUS,
                    "field 'status' is required when 'fromBranchId' is null (a transfer from outside the province)");
        }
        return null;
    }

    private static Rejection meetingFigures(MeetingRecorded m) {
        int expected = m.getMembersExpected();
        int present = m.getMembersPresent();
        if (expected < 1) {
            return Rejection.of(RejectionReason.MEMBERS_EXPECTED_TOO_LOW,
                    "field 'membersExpected' is " + expected + ", must be at least 1");
        }
        if (present < 0) {
            return Rejection.of(RejectionReason.MEMBERS_PRESENT_NEGATIVE,
                    "field 'membersPresent' is " + present + ", must be at least 0");
        }
        if (present > expected) {
            return Rejection.of(RejectionReason.MEMBERS_PRESENT_ABOVE_EXPECTED,
                    "field 'membersPresent' is " + present + ", above membersExpected " + expected);
        }
        List<String> absent = m.getAbsentUnexcused();
        if (absent == null) {
            return missing("absentUnexcused");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < absent.size(); i++) {
            String memberId = absent.get(i);
            Rejection r = memberId("absentUnexcused[" + i + "]", memberId);
            if (r != null) {
                return r;
            }
            if (!seen.add(memberId)) {
                return Rejection.of(RejectionReason.DUPLICATE_ABSENTEE,
                        "field 'absentUnexcused' lists member \"" + memberId + "\" more than once");
            }
        }
        int room = expected - present;
        if (absent.size() > room) {
            return Rejection.of(RejectionReason.TOO_MANY_ABSENTEES,
                    "field 'absentUnexcused' lists " + absent.size() + " members, more than membersExpected - membersPresent = "
                            + expected + " - " + present + " = " + room);
        }
        return null;
    }

    private static Rejection revision(int revision) {
        if (revision < 1) {
            return Rejection.of(RejectionReason.INVALID_REVISION, "field 'revision' is " + revision + ", must be at least 1");
        }
        return null;
    }

    private static Rejection date(String field, LocalDate date, LocalDate today) {
        if (date == null) {
            return missing(field);
        }
        if (date.isBefore(EARLIEST_DATE)) {
            return Rejection.of(RejectionReason.DATE_OUT_OF_RANGE,
                    "field '" + field + "' is " + date + ", before " + EARLIEST_DATE);
        }
        LocalDate tomorrow = today.plusDays(1);
        if (date.isAfter(tomorrow)) {
            return Rejection.of(RejectionReason.DATE_OUT_OF_RANGE,
                    "field '" + field + "' is " + date + ", after tomorrow (" + tomorrow + ")");
        }
        return null;
    }

    private static Rejection year(String field, int year, LocalDate today) {
        if (year < EARLIEST_YEAR) {
            return Rejection.of(RejectionReason.YEAR_OUT_OF_RANGE,
                    "field '" + field + "' is " + year + ", before " + EARLIEST_YEAR);
        }
        int nextYear = today.getYear() + 1;
        if (year > nextYear) {
            return Rejection.of(RejectionReason.YEAR_OUT_OF_RANGE,
                    "field '" + field + "' is " + year + ", after next year (" + nextYear + ")");
        }
        return null;
    }

    private static Rejection qualityScore(Integer score) {
        if (score != null && (score < 0 || score > PartyRules.QUALITY_MAX)) {
            return Rejection.of(RejectionReason.QUALITY_SCORE_OUT_OF_RANGE,
                    "field 'qualityScore' is " + score + ", must be from 0 to " + PartyRules.QUALITY_MAX);
        }
        return null;
    }

    /** A member id is an id that must not be a national id number: members are named by opaque ids only. */
    private static Rejection memberId(String field, String value) {
        Rejection r = id(field, value);
        if (r == null && Text.looksLikeNationalId(value)) {
            return Rejection.of(RejectionReason.NATIONAL_ID_NUMBER, "field '" + field + "' is " + value.length()
                    + " digits, the shape of a national identity number; use the commune system's opaque member id");
        }
        return r;
    }

    private static Rejection id(String field, String value) {
        if (value == null) {
            return missing(field);
        }
        return optionalId(field, value);
    }

    private static Rejection optionalId(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty()) {
            return Rejection.of(RejectionReason.EMPTY_ID, "field '" + field + "' is empty");
        }
        if (value.length() > MAX_ID_LENGTH) {
            int length = value.codePointCount(0, value.length());
            if (length > MAX_ID_LENGTH) {
                return Rejection.of(RejectionReason.TOO_LONG,
                        "field '" + field + "' is " + length + " characters long, at most " + MAX_ID_LENGTH + " allowed");
            }
        }
        return invalidText(field, value, Text.loneSurrogateAt(value));
    }

    /** A unit's name: present, without control characters or lone surrogates. */
    private static Rejection name(String value) {
        if (value == null) {
            return missing("name");
        }
        return invalidText("name", value, Text.badCharacterAt(value));
    }

    private static Rejection invalidText(String field, String value, int at) {
        if (at < 0) {
            return null;
        }
        return Rejection.of(RejectionReason.INVALID_TEXT, "field '" + field + "' holds " + Text.describe(value.charAt(at))
                + " at character " + (value.codePointCount(0, at) + 1));
    }

    private static Rejection required(String field, Object value) {
        return value == null ? missing(field) : null;
    }

    private static Rejection missing(String field) {
        return Rejection.of(RejectionReason.MISSING_FIELD, "field '" + field + "' is missing");
    }

    private static Rejection first(Rejection... checks) {
        for (Rejection r : checks) {
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}
