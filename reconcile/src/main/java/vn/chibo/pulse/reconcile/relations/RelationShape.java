package vn.chibo.pulse.reconcile.relations;

import java.util.ArrayList;
import java.util.List;

/**
 * One relation of SPEC §4 as reconcile checks it: its key columns, the columns compared, and
 * whether a missing row means zeros (the figures) or is itself a difference (the tree).
 */
public record RelationShape(String name, List<String> keyColumns, List<String> valueColumns, boolean counts) {

    public static final List<String> CURRENT_BRANCH = List.of("members_active", "members_official",
            "members_probationary", "members_exempted");
    public static final List<String> CURRENT_UNIT = concat(CURRENT_BRANCH, List.of("members_village",
            "members_street_group", "members_other", "branches_village", "branches_street_group", "branches_other"));
    public static final List<String> FLOWS = List.of("admissions", "confirmations", "transfers_in", "transfers_out",
            "deaths", "removals", "expulsions");
    public static final List<String> MEETINGS = List.of("regular_meetings", "thematic_meetings", "members_expected",
            "members_present", "meetings_with_superior", "meetings_with_self_criticism", "meetings_scored",
            "quality_score_sum", "meetings_good", "meetings_fair", "meetings_average", "meetings_poor");
    public static final String BRANCHES_WITH_REGULAR_MEETING = "branches_with_regular_meeting";
    public static final List<String> MONTHLY_BRANCH = concat(FLOWS, MEETINGS);
    public static final List<String> MONTHLY_UNIT = concat(MONTHLY_BRANCH, List.of(BRANCHES_WITH_REGULAR_MEETING));
    public static final List<String> YEARLY = List.of("graded_excellent", "graded_good", "graded_completed",
            "graded_not_completed", "members_at_risk");

    public static final RelationShape BRANCH_CURRENT = counts("branch_current", List.of("branch_id"), CURRENT_BRANCH);
    public static final RelationShape BRANCH_MONTHLY = counts("branch_monthly", List.of("branch_id", "month"), MONTHLY_BRANCH);
    public static final RelationShape BRANCH_YEARLY = counts("branch_yearly", List.of("branch_id", "year"), YEARLY);
    public static final RelationShape COMMUNE_CURRENT = counts("commune_current", List.of("commune_code"), CURRENT_UNIT);
    public static final RelationShape COMMUNE_MONTHLY = counts("commune_monthly", List.of("commune_code", "month"), MONTHLY_UNIT);
    public static final RelationShape COMMUNE_YEARLY = counts("commune_yearly", List.of("commune_code", "year"), YEARLY);
    public static final RelationShape DISTRICT_CURRENT = counts("district_current", List.of("district_code"), CURRENT_UNIT);
    public static final RelationShape DISTRICT_MONTHLY = counts("district_monthly", List.of("district_code", "month"), MONTHLY_UNIT);
    public static final RelationShape DISTRICT_YEARLY = counts("district_yearly", List.of("district_code", "year"), YEARLY);
    public static final RelationShape PROVINCE_CURRENT = counts("province_current", List.of(), CURRENT_UNIT);
    public static final RelationShape DISTRICTS = new RelationShape("districts", List.of("district_code"),
            List.of("district_name"), false);
    public static final RelationShape COMMUNES = new RelationShape("communes", List.of("commune_code"),
            List.of("commune_name", "district_code"), false);
    public static final RelationShape BRANCHES = new RelationShape("branches", List.of("branch_id"),
            List.of("branch_name", "commune_code", "kind"), false);

    /** Every relation checked, in the order of the report. */
    public static final List<RelationShape> ALL = List.of(BRANCH_CURRENT, BRANCH_MONTHLY, BRANCH_YEARLY,
            COMMUNE_CURRENT, COMMUNE_MONTHLY, COMMUNE_YEARLY, DISTRICT_CURRENT, DISTRICT_MONTHLY, DISTRICT_YEARLY,
            PROVINCE_CURRENT, DISTRICTS, COMMUNES, BRANCHES);

    private static RelationShape counts(String name, List<String> keys, List<String> values) {
        return new RelationShape(name, keys, values, true);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /** The value of a cell in a row that is absent. */
    public Object absent() {
        return counts ? 0L : null;
    }
}
