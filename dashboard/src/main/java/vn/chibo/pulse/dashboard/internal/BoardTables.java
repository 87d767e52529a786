package vn.chibo.pulse.dashboard.internal;

import static vn.chibo.pulse.dashboard.internal.BoardTable.Column.count;
import static vn.chibo.pulse.dashboard.internal.BoardTable.Column.percent;
import static vn.chibo.pulse.dashboard.internal.BoardTable.Column.score;
import static vn.chibo.pulse.dashboard.internal.BoardTable.Column.text;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import vn.chibo.pulse.dashboard.internal.BoardTable.Column;
import vn.chibo.pulse.domain.PartyRules;

/**
 * The board's tables as they are exported, from the same view the page shows (one unit in one
 * month): the units below it, the watch list, the 12-month trend and the grades. Headings are in
 * Vietnamese, as the board writes its reports; every row names its unit.
 */
final class BoardTables {

    static final List<String> VIEWS = List.of("units", "watch-list", "trend", "grades");

    /** A figure of the JSON view: its column and its key in the Current, Month or Year object. */
    private record Figure(Column column, String key) {
        Object of(Map<String, Object> figures) {
            return figures.get(key);
        }
    }

    private static final List<Figure> CURRENT = List.of(
            new Figure(count("Tổng số đảng viên"), "membersActive"),
            new Figure(count("Đảng viên chính thức"), "membersOfficial"),
            new Figure(count("Đảng viên dự bị"), "membersProbationary"),
            new Figure(count("Miễn sinh hoạt"), "membersExempted"),
            new Figure(count("Số chi bộ"), "branches"));

    private static final List<Figure> MONTH = List.of(
            new Figure(count("Cuộc sinh hoạt thường kỳ"), "regularMeetings"),
            new Figure(count("Chi bộ đã sinh hoạt thường kỳ"), "branchesWithRegularMeeting"),
            new Figure(percent("Tỷ lệ chi bộ đã sinh hoạt thường kỳ"), "regularMeetingCoverage"),
            new Figure(count("Cuộc sinh hoạt chuyên đề"), "thematicMeetings"),
            new Figure(count("Đảng viên phải dự"), "membersExpected"),
            new Figure(count("Đảng viên có mặt"), "membersPresent"),
            new Figure(percent("Tỷ lệ dự họp"), "attendanceRate"),
            new Figure(count("Cuộc có cấp ủy cấp trên dự"), "meetingsWithSuperior"),
            new Figure(count("Cuộc có tự phê bình, phê bình"), "meetingsWithSelfCriticism"),
            new Figure(count("Cuộc được chấm điểm"), "meetingsScored"),
            new Figure(score("Điểm chất lượng bình quân"), "qualityAverage"),
            new Figure(count("Tốt (≥ " + PartyRules.QUALITY_GOOD + ")"), "meetingsGood"),
            new Figure(count("Khá (" + PartyRules.QUALITY_FAIR + "–" + (PartyRules.QUALITY_GOOD - 1) + ")"), "meetingsFair"),
            new Figure(count("Trung bình (" + PartyRules.QUALITY_AVERAGE + "–" + (PartyRules.QUALITY_FAIR - 1) + ")"),
                    "meetingsAverage"),
            new Figure(count("Kém (< " + PartyRules.QUALITY_AVERAGE + ")"), "meetingsPoor"),
            new Figure(count("Kết nạp"), "admissions"),
            new Figure(count("Chuyển đến"), "transfersIn"),
            new Figure(count("Chuyển đi"), "transfersOut"));

    private static final List<Figure> YEAR = List.of(
            new Figure(count("Hoàn thành xuất sắc nhiệm vụ"), "gradedExcellent"),
            new Figure(count("Hoàn thành tốt nhiệm vụ"), "gradedGood"),
            new Figure(count("Hoàn thành nhiệm vụ"), "gradedCompleted"),
            new Figure(count("Không hoàn thành nhiệm vụ"), "gradedNotCompleted"),
            new Figure(count("Đảng viên có nguy cơ bị xóa tên"), "membersAtRisk"));

    private static final Map<String, String> LEVELS = Map.of("province", "Tỉnh", "district", "Huyện",
            "commune", "Xã", "branch", "Chi bộ");

    private BoardTables() {}

    static Optional<BoardTable> of(String view, UnitView v) {
        return Optional.ofNullable(switch (view) {
            case "units" -> units(v);
            case "watch-list" -> watchList(v);
            case "trend" -> trend(v);
            case "grades" -> grades(v);
            default -> null;
        });
    }

    /** The units below the one shown (at a branch: the branch), then the unit itself as the total. */
    private static BoardTable units(UnitView v) {
        List<Column> columns = new ArrayList<>(List.of(text("Đơn vị"), text("Mã đơn vị"), text("Cấp")));
        Stream.of(CURRENT, MONTH, YEAR).flatMap(List::stream).forEach(f -> columns.add(f.column()));
        List<UnitView.Row> units = new ArrayList<>(v.unit().level().equals("branch") ? List.of() : v.children());
        units.add(v.unit());
        List<List<Object>> rows = new ArrayList<>();
        for (UnitView.Row u : units) {
            List<Object> row = new ArrayList<>(List.of(name(u), u.code(), LEVELS.get(u.level())));
            CURRENT.forEach(f -> row.add(f.of(u.current())));
            MONTH.forEach(f -> row.add(f.of(u.month())));
            YEAR.forEach(f -> row.add(f.of(u.year())));
            rows.add(row);
        }
        return new BoardTable("units", "Số liệu", title("Số liệu các đơn vị", v), columns, rows);
    }

    /** The branches to look at in the month (counts only, never a member). */
    private static BoardTable watchList(UnitView v) {
        WatchList w = v.watchList();
        String quarter = "quý " + w.quarter().substring(w.quarter().length() - 1) + "/" + v.year();
        List<Column> columns = List.of(text("Chi bộ"), text("Mã chi bộ"), text("Xã, phường, thị trấn"),
                text("Huyện, thị xã, thành phố"), count("Cuộc sinh hoạt thường kỳ trong tháng"),
                count("Cuộc sinh hoạt chuyên đề trong " + quarter), count("Cuộc sinh hoạt xếp loại kém"),
                count("Đảng viên có nguy cơ bị xóa tên năm " + v.year()), text("Cần chú ý"));
        List<List<Object>> rows = new ArrayList<>();
        for (WatchList.Entry e : w.entries()) {
            List<String> reasons = new ArrayList<>();
            if (e.noRegularMeeting()) {
                reasons.add("chưa sinh hoạt thường kỳ");
            }
            if (e.noThematicMeetingInQuarter()) {
                reasons.add("chưa sinh hoạt chuyên đề trong " + quarter);
            }
            if (e.meetingsPoor() > 0) {
                reasons.add(e.meetingsPoor() + " cuộc xếp loại kém");
            }
            if (e.membersAtRisk() > 0) {
                reasons.add(e.membersAtRisk() + " đảng viên có nguy cơ bị xóa tên");
            }
            rows.add(Arrays.asList(e.branchName(), e.branchId(), e.communeName(), e.districtName(),
                    e.regularMeetings(), e.thematicMeetingsInQuarter(), e.meetingsPoor(), e.membersAtRisk(),
                    String.join("; ", reasons)));
        }
        return new BoardTable("watch-list", "Cần chú ý", title("Danh sách chi bộ cần chú ý", v), columns, rows);
    }

    /** The unit's months up to the one shown, oldest first. */
    private static BoardTable trend(UnitView v) {
        List<Column> columns = new ArrayList<>(List.of(text("Đơn vị"), text("Tháng")));
        MONTH.forEach(f -> columns.add(f.column()));
        List<List<Object>> rows = new ArrayList<>();
        for (Map<String, Object> month : v.trend()) {
            List<Object> row = new ArrayList<>(List.of(name(v.unit()), monthText((String) month.get("month"))));
            MONTH.forEach(f -> row.add(f.of(month)));
            rows.add(row);
        }
        return new BoardTable("trend", "Xu hướng", title("Xu hướng " + v.trend().size() + " tháng", v), columns, rows);
    }

    /** The year's grades of the unit: members, share of those graded and of the active members. */
    private static BoardTable grades(UnitView v) {
        List<Column> columns = List.of(text("Đơn vị"), text("Năm"), text("Xếp loại"), count("Số đảng viên"),
                percent("Tỷ lệ trên số được đánh giá"), percent("Tỷ lệ trên tổng số đảng viên"));
        List<Figure> grades = YEAR.subList(0, 4);
        int graded = grades.stream().mapToInt(f -> (Integer) f.of(v.unit().year())).sum();
        int active = (Integer) v.unit().current().get("membersActive");
        List<List<Object>> rows = new ArrayList<>();
        for (Figure f : grades) {
            int members = (Integer) f.of(v.unit().year());
            rows.add(Arrays.asList(name(v.unit()), String.valueOf(v.year()), f.column().heading(), members,
                    ratio(members, graded), ratio(members, active)));
        }
        rows.add(Arrays.asList(name(v.unit()), String.valueOf(v.year()), "Tổng số được đánh giá", graded,
                graded > 0 ? 1.0 : null, ratio(graded, active)));
        return new BoardTable("grades", "Đánh giá, phân loại",
                "Đánh giá, phân loại đảng viên năm " + v.year() + " — " + name(v.unit()), columns, rows);
    }

    private static Double ratio(int part, int whole) {
        return whole > 0 ? (double) part / whole : null;
    }

    private static String name(UnitView.Row unit) {
        return unit.level().equals("province") ? "Toàn tỉnh" : unit.name();
    }

    private static String title(String what, UnitView v) {
        return what + " — " + name(v.unit()) + " — tháng " + monthText(v.month());
    }

    /** "2025-06" as the board writes it: "06/2025". */
    private static String monthText(String month) {
        YearMonth m = YearMonth.parse(month);
        return String.format("%02d/%d", m.getMonthValue(), m.getYear());
    }
}
