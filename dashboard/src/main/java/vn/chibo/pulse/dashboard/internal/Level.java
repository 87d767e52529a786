package vn.chibo.pulse.dashboard.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * A level of the province's tree (SPEC §1) and where its figures are in the reporting schema. Each
 * relation is a subquery with a column {@code unit} (the unit's code; '' for the province) and the
 * figure columns of {@link FigureColumns}, so one SQL shape serves every level.
 */
enum Level {
    // a transfer counts for the province only across its boundary: those sums are reporting.province_monthly's
    PROVINCE("(select ''::text as unit, * from reporting.province_current)",
            "(select s.*, coalesce(p.transfers_in, 0) as transfers_in, coalesce(p.transfers_out, 0) as transfers_out"
                    + " from " + provinceSums("month", FigureColumns.MONTHLY.stream()
                            .filter(c -> !c.startsWith("transfers_")).toList(), "reporting.commune_monthly")
                    + " s left join reporting.province_monthly p on p.month = s.month)",
            provinceSums("year", FigureColumns.YEARLY, "reporting.commune_yearly"),
            "(select ''::text as code, null::text as name, null::text as kind, null::text as parent)"),
    DISTRICT(keyed("district_code", "reporting.district_current"),
            keyed("district_code", "reporting.district_monthly"),
            keyed("district_code", "reporting.district_yearly"),
            "(select district_code as code, district_name as name, null::text as kind, null::text as parent "
                    + "from reporting.districts)"),
    COMMUNE(keyed("commune_code", "reporting.commune_current"),
            keyed("commune_code", "reporting.commune_monthly"),
            keyed("commune_code", "reporting.commune_yearly"),
            "(select commune_code as code, commune_name as name, null::text as kind, district_code as parent "
                    + "from reporting.communes)"),
    // a branch "covers" itself in a month when it held a regular meeting
    BRANCH(keyed("branch_id", "reporting.branch_current_in_tree"),
            "(select branch_id as unit, *, (regular_meetings > 0)::integer as branches_with_regular_meeting "
                    + "from reporting.branch_monthly)",
            keyed("branch_id", "reporting.branch_yearly"),
            "(select branch_id as code, branch_name as name, kind, commune_code as parent from reporting.branches)");

    final String current;
    final String monthly;
    final String yearly;
    /** code, name, kind and parent (the code of the unit above, NULL for units under the province). */
    final String units;

    Level(String current, String monthly, String yearly, String units) {
        this.current = current;
        this.monthly = monthly;
        this.yearly = yearly;
        this.units = units;
    }

    /** The name used in URLs and JSON: province, district, commune, branch. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Level> byId(String id) {
        for (Level l : values()) {
            if (l.id().equals(id)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    private static String keyed(String key, String relation) {
        return "(select " + key + " as unit, * from " + relation + ")";
    }

    /** The province's monthly or yearly figures: the sums over its communes (SPEC §4). */
    private static String provinceSums(String period, java.util.List<String> columns, String relation) {
        StringBuilder sql = new StringBuilder("(select ''::text as unit, ").append(period);
        for (String c : columns) {
            sql.append(", sum(").append(c).append(")::integer as ").append(c);
        }
        return sql.append(" from ").append(relation).append(" group by ").append(period).append(')').toString();
    }
}
