package vn.chibo.pulse.sink.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import vn.chibo.pulse.aggregates.DistrictCurrent;
import vn.chibo.pulse.aggregates.DistrictMonthlyStats;
import vn.chibo.pulse.aggregates.DistrictName;
import vn.chibo.pulse.aggregates.DistrictYearlyStats;
import vn.chibo.pulse.domain.Topics;

/**
 * The four tables the sink writes, each fed by one compacted topic: which topic, which Avro
 * type, how a record key names a row and which values go into which columns. The SQL itself is
 * built from these column lists by {@link PostgresDialect}.
 */
public enum Relation {

    DISTRICTS(Topics.DISTRICTS, "reporting.districts", DistrictName.class, false,
            List.of("district_code"), List.of("district_name")) {
        @Override
        List<Object> keyOf(SpecificRecord value) {
            return List.of(((DistrictName) value).getDistrictCode());
        }

        @Override
        List<Object> valuesOf(SpecificRecord value) {
            return List.of(((DistrictName) value).getDistrictName());
        }

        @Override
        List<Object> parseKey(String key) {
            return List.of(code(key));
        }
    },

    DISTRICT_CURRENT(Topics.DISTRICT_CURRENT, "reporting.district_current", DistrictCurrent.class, true,
            List.of("district_code"),
            List.of("members_active", "members_official", "members_probationary",
                    "members_village", "members_street_group", "members_other",
                    "branches_village", "branches_street_group", "branches_other")) {
        @Override
        List<Object> keyOf(SpecificRecord value) {
            return List.of(((DistrictCurrent) value).getDistrictCode());
        }

        @Override
        List<Object> valuesOf(SpecificRecord value) {
            DistrictCurrent v = (DistrictCurrent) value;
            return List.of(v.getMembersActive(), v.getMembersOfficial(), v.getMembersProbationary(),
                    v.getMembersVillage(), v.getMembersStreetGroup(), v.getMembersOther(),
                    v.getBranchesVillage(), v.getBranchesStreetGroup(), v.getBranchesOther());
        }

        @Override
        List<Object> parseKey(String key) {
            return List.of(code(key));
        }
    },

    DISTRICT_MONTHLY(Topics.DISTRICT_MONTHLY, "reporting.district_monthly", DistrictMonthlyStats.class, true,
            List.of("district_code", "month"),
            List.of("admissions", "confirmations", "transfers_in", "transfers_out",
                    "deaths", "removals", "expulsions", "regular_meetings", "thematic_meetings",
                    "branches_with_regular_meeting", "members_expected", "members_present",
                    "meetings_with_superior", "meetings_with_self_criticism")) {
        @Override
        List<Object> keyOf(SpecificRecord value) {
            DistrictMonthlyStats v = (DistrictMonthlyStats) value;
            return List.of(v.getDistrictCode(), v.getMonth());
        }

        @Override
        List<Object> valuesOf(SpecificRecord value) {
            DistrictMonthlyStats v = (DistrictMonthlyStats) value;
            return List.of(v.getAdmissions(), v.getConfirmations(), v.getTransfersIn(), v.getTransfersOut(),
                    v.getDeaths(), v.getRemovals(), v.getExpulsions(), v.getRegularMeetings(),
                    v.getThematicMeetings(), v.getBranchesWithRegularMeeting(), v.getMembersExpected(),
                    v.getMembersPresent(), v.getMeetingsWithSuperior(), v.getMeetingsWithSelfCriticism());
        }

        @Override
        List<Object> parseKey(String key) {
            String[] parts = split(key, "<districtCode>|<YYYY-MM>");
            try {
                LocalDate month = YearMonth.parse(parts[1]).atDay(1);
                return List.of(code(parts[0]), month);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("key '" + key + "' does not end in a month YYYY-MM");
            }
        }
    },

    DISTRICT_YEARLY(Topics.DISTRICT_YEARLY, "reporting.district_yearly", DistrictYearlyStats.class, true,
            List.of("district_code", "year"),
            List.of("graded_excellent", "graded_good", "graded_completed", "graded_not_completed",
                    "members_at_risk")) {
        @Override
        List<Object> keyOf(SpecificRecord value) {
            DistrictYearlyStats v = (DistrictYearlyStats) value;
            return List.of(v.getDistrictCode(), v.getYear());
        }

        @Override
        List<Object> valuesOf(SpecificRecord value) {
            DistrictYearlyStats v = (DistrictYearlyStats) value;
            return List.of(v.getGradedExcellent(), v.getGradedGood(), v.getGradedCompleted(),
                    v.getGradedNotCompleted(), v.getMembersAtRisk());
        }

        @Override
        List<Object> parseKey(String key) {
            String[] parts = split(key, "<districtCode>|<YYYY>");
            if (!parts[1].matches("\\d{4}")) {
                throw new IllegalArgumentException("key '" + key + "' does not end in a year YYYY");
            }
            return List.of(code(parts[0]), Integer.parseInt(parts[1]));
        }
    };

    private final String topic;
    private final String table;
    private final Class<? extends SpecificRecord> valueType;
    private final boolean hasUpdatedAt;
    private final List<String> keyColumns;
    private final List<String> valueColumns;

    Relation(String topic, String table, Class<? extends SpecificRecord> valueType, boolean hasUpdatedAt,
             List<String> keyColumns, List<String> valueColumns) {
        this.topic = topic;
        this.table = table;
        this.valueType = valueType;
        this.hasUpdatedAt = hasUpdatedAt;
        this.keyColumns = keyColumns;
        this.valueColumns = valueColumns;
    }

    /** Values of the key columns, in the order of {@link #keyColumns()}, taken from a record value. */
    abstract List<Object> keyOf(SpecificRecord value);

    /** Values of the other columns, in the order of {@link #valueColumns()}. */
    abstract List<Object> valuesOf(SpecificRecord value);

    /** Values of the key columns named by a Kafka record key; IllegalArgumentException if it names none. */
    abstract List<Object> parseKey(String key);

    public String topic() {
        return topic;
    }

    public String table() {
        return table;
    }

    public Class<? extends SpecificRecord> valueType() {
        return valueType;
    }

    /** Whether the table has an updated_at column (districts has none: SPEC.md §4 fixes its columns). */
    public boolean hasUpdatedAt() {
        return hasUpdatedAt;
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    public List<String> valueColumns() {
        return valueColumns;
    }

    public static Relation forTopic(String topic) {
        return Arrays.stream(values()).filter(r -> r.topic.equals(topic)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no relation is fed by topic " + topic));
    }

    public static List<String> topics() {
        return Arrays.stream(values()).map(Relation::topic).toList();
    }

    private static String code(String code) {
        if (code.isEmpty()) {
            throw new IllegalArgumentException("empty district code in key");
        }
        return code;
    }

    // district codes may hold '|' themselves, so the suffix starts at the last one
    private static String[] split(String key, String shape) {
        int bar = key.lastIndexOf('|');
        if (bar < 0) {
            throw new IllegalArgumentException("key '" + key + "' is not of the form " + shape);
        }
        return new String[] {key.substring(0, bar), key.substring(bar + 1)};
    }
}
