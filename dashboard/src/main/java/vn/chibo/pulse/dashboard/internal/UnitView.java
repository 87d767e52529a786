package vn.chibo.pulse.dashboard.internal;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import vn.chibo.pulse.domain.PartyRules;

/**
 * One unit of the tree as the board sees it in one month: its figures, the units above it (to go
 * back up), its trend and the units just below it (to drill down), each with its figures. Serialised
 * as the JSON of /api/province, /api/district, /api/commune and /api/branch (docs/dashboard.md).
 */
public record UnitView(
        Row unit,
        List<Step> path,
        String month,
        int year,
        boolean provinceHasDistricts,
        List<Map<String, Object>> trend,
        List<Row> children,
        WatchList watchList) {

    /** The lowest score of each quality band (SPEC §1 v2), so that the page labels the bands as the rules say. */
    @JsonProperty
    public QualityBands qualityBands() {
        return QualityBands.RULES;
    }

    public record QualityBands(int good, int fair, int average) {
        static final QualityBands RULES = new QualityBands(PartyRules.QUALITY_GOOD, PartyRules.QUALITY_FAIR,
                PartyRules.QUALITY_AVERAGE);
    }

    /** A unit above the one shown; the province has code "" and no name. */
    public record Step(String level, String code, String name) {}

    /**
     * A unit with its current totals, the month's figures (with rates) and the year's grades;
     * {@code kind} is the kind of a branch (VILLAGE, STREET_GROUP, OTHER), null above.
     */
    public record Row(String level, String code, String name, String kind,
                      Map<String, Object> current, Map<String, Object> month, Map<String, Object> year) {}
}
