package vn.chibo.pulse.producers.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import vn.chibo.pulse.domain.EventRules;
import vn.chibo.pulse.domain.ParseResult;
import vn.chibo.pulse.domain.ParsedEvent;
import vn.chibo.pulse.domain.Rejection;
import vn.chibo.pulse.domain.RejectionReason;
import vn.chibo.pulse.events.MeetingEvent;
import vn.chibo.pulse.events.MeetingKind;
import vn.chibo.pulse.events.MeetingRecorded;

/**
 * A commune clerk's meeting register (sổ theo dõi sinh hoạt chi bộ) as CSV: which column holds
 * what, recognised by its header in Vietnamese or English whatever its case and diacritics, and
 * how one row becomes a MeetingRecorded event.
 */
public final class MeetingRegister {

    /** The columns of the register, with the header names each is recognised by. */
    public enum Column {
        MEETING_ID("meetingId", true, "Mã cuộc họp", "Mã buổi sinh hoạt", "Mã buổi họp", "Meeting id", "Meeting"),
        BRANCH_ID("branchId", true, "Mã chi bộ", "Branch id", "Branch"),
        DATE("date", true, "Ngày", "Ngày họp", "Ngày sinh hoạt", "Date", "Meeting date"),
        KIND("kind", true, "Loại", "Loại sinh hoạt", "Loại cuộc họp", "Hình thức", "Kind", "Type"),
        REVISION("revision", false, "Lần sửa", "Phiên bản", "Revision"),
        MEMBERS_EXPECTED("membersExpected", true, "Số đảng viên phải dự", "Số phải dự", "Phải dự", "Members expected", "Expected"),
        MEMBERS_PRESENT("membersPresent", true, "Số có mặt", "Số đảng viên có mặt", "Có mặt", "Members present", "Present"),
        ABSENT_UNEXCUSED("absentUnexcused", false, "Vắng không lý do", "Đảng viên vắng không lý do", "Vắng không phép",
                "Absent unexcused", "Absent"),
        SUPERIOR_ATTENDED("superiorAttended", true, "Cấp ủy cấp trên dự", "Cấp trên dự", "Cấp ủy cấp trên",
                "Superior attended", "Superior"),
        SELF_CRITICISM("selfCriticism", true, "Tự phê bình", "Kiểm điểm tự phê bình", "Tự phê bình và phê bình",
                "Kiểm điểm tự phê bình, phê bình", "Self criticism", "Self-criticism"),
        /** Out of 100 (SPEC v2); an empty cell is a meeting that was not scored. */
        QUALITY_SCORE("qualityScore", false, "Điểm chất lượng", "Điểm chất lượng sinh hoạt", "Điểm đánh giá chất lượng",
                "Quality score", "Quality"),
        EVENT_ID("eventId", false, "Mã sự kiện", "Event id");

        final String field;
        final boolean required;
        final List<String> headers;

        Column(String field, boolean required, String... headers) {
            this.field = field;
            this.required = required;
            List<String> all = new ArrayList<>(List.of(headers));
            all.add(field);
            this.headers = List.copyOf(all);
        }

        /** The name of the event field it fills. */
        public String field() {
            return field;
        }

        public boolean required() {
            return required;
        }

        /** The first (Vietnamese) header name. */
        public String preferredHeader() {
            return headers.get(0);
        }
    }

    private static final Map<String, Column> BY_NORMALISED_HEADER = new LinkedHashMap<>();
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");
    private static final Pattern ID_SEPARATOR = Pattern.compile("[;,]");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DAY_FIRST = DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT);

    static {
        for (Column c : Column.values()) {
            for (String h : c.headers) {
                BY_NORMALISED_HEADER.put(normalise(h), c);
            }
        }
    }

    private final Map<Column, Integer> index;
    private final Map<Column, String> headerText;
    private final List<String> ignored;

    private MeetingRegister(Map<Column, Integer> index, Map<Column, String> headerText, List<String> ignored) {
        this.index = index;
        this.headerText = headerText;
        this.ignored = ignored;
    }

    /** A header that cannot be used; the message says which columns are missing or doubled. */
    public static final class BadHeader extends Exception {
        public BadHeader(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads the header row. */
    public static MeetingRegister fromHeader(List<String> header) throws BadHeader {
        Map<Column, Integer> index = new EnumMap<>(Column.class);
        Map<Column, String> text = new EnumMap<>(Column.class);
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).strip();
            if (h.isEmpty()) {
                continue;
            }
            Column c = BY_NORMALISED_HEADER.get(normalise(h));
            if (c == null) {
                ignored.add(h);
            } else if (index.containsKey(c)) {
                throw new BadHeader("columns '" + text.get(c) + "' and '" + h + "' both hold " + c.field);
            } else {
                index.put(c, i);
                text.put(c, h);
            }
        }
        List<String> missing = new ArrayList<>();
        for (Column c : Column.values()) {
            if (c.required && !index.containsKey(c)) {
                missing.add("'" + c.preferredHeader() + "' (" + c.field + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new BadHeader("the header lacks " + (missing.size() == 1 ? "column " : "columns ") + String.join(", ", missing)
                    + (index.isEmpty() ? "; is the first row a header?" : ""));
        }
        return new MeetingRegister(index, text, ignored);
    }

    /** Header cells that name no column of the register (notes and the like); their cells are not read. */
    public List<String> ignoredColumns() {
        return ignored;
    }

    /** One row as an event, or why not. */
    public ParseResult toEvent(List<String> cells, LocalDate today) {
        try {
            String meetingId = text(cells, Column.MEETING_ID);
            String branchId = text(cells, Column.BRANCH_ID);
            LocalDate date = date(cells, Column.DATE);
            MeetingKind kind = kind(cells, Column.KIND);
            int revision = cell(cells, Column.REVISION).isEmpty() ? 1 : integer(cells, Column.REVISION);
            int expected = integer(cells, Column.MEMBERS_EXPECTED);
            int present = integer(cells, Column.MEMBERS_PRESENT);
            List<String> absent = ids(cells, Column.ABSENT_UNEXCUSED);
            boolean superior = yesNo(cells, Column.SUPERIOR_ATTENDED);
            boolean selfCriticism = yesNo(cells, Column.SELF_CRITICISM);
            Integer qualityScore = cell(cells, Column.QUALITY_SCORE).isEmpty() ? null : integer(cells, Column.QUALITY_SCORE);
            String eventId = cell(cells, Column.EVENT_ID);
            if (eventId.isEmpty()) {
                eventId = derivedEventId(meetingId, revision);
            }
            MeetingEvent event = new MeetingEvent(eventId,
                    new MeetingRecorded(meetingId, branchId, date, kind, revision, expected, present, absent, superior, selfCriticism,
                            qualityScore));
            Optional<Rejection> broken = EventRules.check(event, today);
            if (broken.isPresent()) {
                return ParseResult.rejected(inTermsOfColumns(broken.get()));
            }
            return ParseResult.accepted(ParsedEvent.of(event));
        } catch (CellRefused e) {
            return ParseResult.rejected(e.rejection);
        }
    }

    /**
     * The eventId of a row that gives none: the same meeting and revision always give the same
     * id, so importing a register twice changes nothing.
     */
    public static String derivedEventId(String meetingId, int revision) {
        String readable = "meeting:" + meetingId + ":r" + revision;
        if (readable.codePointCount(0, readable.length()) <= EventRules.MAX_ID_LENGTH) {
            return readable;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(meetingId.getBytes(StandardCharsets.UTF_8));
            return "meeting#" + HexFormat.of().formatHex(digest, 0, 16) + ":r" + revision;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rules name event fields; the clerk knows the columns. */
    private Rejection inTermsOfColumns(Rejection r) {
        String message = r.message();
        for (Map.Entry<Column, String> e : headerText.entrySet()) {
            String field = "'" + e.getKey().field + "'";
            if (message.contains(field) && !e.getValue().equals(e.getKey().field)) {
                message = message.replace("field " + field, "column '" + e.getValue() + "' (" + e.getKey().field + ")");
            }
        }
        return Rejection.of(r.reason(), message);
    }

    private String cell(List<String> cells, Column c) {
        Integer i = index.get(c);
        if (i == null || i >= cells.size()) {
            return "";
        }
        return cells.get(i).strip();
    }

    private String text(List<String> cells, Column c) {
        String v = cell(cells, c);
        if (v.isEmpty()) {
            throw empty(c);
        }
        return v;
    }

    private int integer(List<String> cells, Column c) {
        String v = text(cells, c);
        if (!INTEGER.matcher(v).matches()) {
            throw refused(RejectionReason.WRONG_TYPE, c, "must be a whole number, got \"" + v + "\"");
        }
        return Integer.parseInt(v);
    }

    private LocalDate date(List<String> cells, Column c) {
        String v = text(cells, c);
        try {
            if (v.length() == 10 && v.charAt(4) == '-') {
                return LocalDate.parse(v, ISO);
            }
            return LocalDate.parse(v.replace('.', '/').replace('-', '/'), DAY_FIRST);
        } catch (DateTimeParseException e) {
            throw refused(RejectionReason.WRONG_TYPE, c, "must be a date dd/MM/yyyy or yyyy-MM-dd, got \"" + v + "\"");
        }
    }

    private MeetingKind kind(List<String> cells, Column c) {
        String v = text(cells, c);
        switch (normalise(v)) {
            case "thuongky", "regular", "tk":
                return MeetingKind.REGULAR;
            case "chuyende", "thematic", "cd":
                return MeetingKind.THEMATIC;
            default:
                throw refused(RejectionReason.INVALID_ENUM, c, "must be Thường kỳ or Chuyên đề (REGULAR or THEMATIC), got \"" + v + "\"");
        }
    }

    private boolean yesNo(List<String> cells, Column c) {
        String v = text(cells, c);
        switch (normalise(v)) {
            case "co", "c", "x", "yes", "y", "true", "1":
                return true;
            case "khong", "k", "no", "n", "false", "0":
                return false;
            default:
                throw refused(RejectionReason.WRONG_TYPE, c, "must be Có or Không (yes or no), got \"" + v + "\"");
        }
    }

    private List<String> ids(List<String> cells, Column c) {
        String v = cell(cells, c);
        List<String> ids = new ArrayList<>();
        for (String id : ID_SEPARATOR.split(v)) {
            if (!id.isBlank()) {
                ids.add(id.strip());
            }
        }
        return ids;
    }

    private CellRefused empty(Column c) {
        return refused(RejectionReason.MISSING_FIELD, c, "is empty");
    }

    private CellRefused refused(RejectionReason reason, Column c, String what) {
        String header = headerText.getOrDefault(c, c.preferredHeader());
        String name = header.equals(c.field) ? "column '" + header + "'" : "column '" + header + "' (" + c.field + ")";
        return new CellRefused(Rejection.of(reason, name + " " + what));
    }

    /**
     * Lower case, without diacritics (đ counts as d), without spaces and punctuation: "Số có mặt",
     * "so co mat" and "SO_CO_MAT" are one name.
     */
    static String normalise(String s) {
        String decomposed = Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char ch = decomposed.charAt(i);
            if (ch == 'đ') {
                b.append('d');
            } else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
                b.append(ch);
            }
        }
        return b.toString();
    }

    private static final class CellRefused extends RuntimeException {
        final Rejection rejection;

        CellRefused(Rejection rejection) {
            super(rejection.message(), null, false, false);
            this.rejection = rejection;
        }
    }
}
