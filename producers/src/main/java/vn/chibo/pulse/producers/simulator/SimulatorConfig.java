package vn.chibo.pulse.producers.simulator;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/** Settings of a province simulation run ({@code pulse simulate}, and {@code pulse up} by default). */
public final class SimulatorConfig extends AbstractConfig {
    public static final String SEED_CONFIG = "seed";
    public static final String START_CONFIG = "start";
    public static final String UNTIL_CONFIG = "until";
    public static final String SPEED_CONFIG = "speed";
    public static final String DUPLICATE_RATE_CONFIG = "duplicate.rate";
    public static final String INVALID_RATE_CONFIG = "invalid.rate";
    public static final String OUT_CONFIG = "out";
    public static final String INITIAL_ONLY_CONFIG = "initial.only";
    public static final String SHAPE_CONFIG = "shape";
    public static final String REORGANISE_ON_CONFIG = "reorganise.on";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(SEED_CONFIG, Type.LONG, 42L, Importance.HIGH,
                    "Seed of the simulation: the same seed and start give the same events and eventIds.")
            .define(START_CONFIG, Type.STRING, "", Importance.HIGH,
                    "First simulated day, YYYY-MM-DD; empty: the first day of the month twelve months ago, so that a year of "
                            + "history fills in before the simulation reaches today. Pass the same start again to resume.")
            .define(UNTIL_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "Last simulated day, YYYY-MM-DD; empty: no end when publishing to Kafka, today when writing a file.")
            .define(SPEED_CONFIG, Type.STRING, "86400", Importance.MEDIUM,
                    "Simulated seconds per wall-clock second until the simulation reaches the present (86400: a day a "
                            + "second, a year in about six minutes), or 'max'; from then on it runs in real time.")
            .define(DUPLICATE_RATE_CONFIG, Type.DOUBLE, ProvinceSimulator.DEFAULT_DUPLICATE_RATE, Range.between(0.0, 1.0),
                    Importance.LOW, "Share of live events sent a second time with the same eventId.")
            .define(INVALID_RATE_CONFIG, Type.DOUBLE, ProvinceSimulator.DEFAULT_INVALID_RATE, Range.between(0.0, 1.0),
                    Importance.LOW, "Deliberately invalid events per live event (unknown branch, membersPresent above "
                            + "membersExpected, confirming an official member, transfer from a wrong branch, re-admitting an "
                            + "active member).")
            .define(OUT_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "Write JSON Lines to this file instead of publishing to Kafka.")
            .define(INITIAL_ONLY_CONFIG, Type.BOOLEAN, false, Importance.LOW,
                    "Stop after the reference data and the initial load.")
            .define(SHAPE_CONFIG, Type.STRING, Shape.DISTRICTS.optionValue(),
                    ValidString.in(Shape.DISTRICTS.optionValue(), Shape.TWO_TIER.optionValue()), Importance.MEDIUM,
                    "districts: the 13 district-level units and 220 communes of Hà Tĩnh before July 2025; two-tier: 69 "
                            + "communes and wards directly under the province (districtCode null), same branches and members.")
            .define(REORGANISE_ON_CONFIG, Type.STRING, "", Importance.LOW,
                    "Simulated day, YYYY-MM-DD, on which a province with districts becomes two-tier (reference upserts that "
                            + "merge the communes into 69 and move them under the province, as Hà Tĩnh on 1 July 2025); empty: never.");

    public SimulatorConfig(Map<?, ?> originals) {
        super(CONFIG, originals, false);
    }

    public long seed() {
        return getLong(SEED_CONFIG);
    }

    public LocalDate start(Clock clock) {
        String s = getString(START_CONFIG);
        return s.isBlank() ? ProvinceSimulator.defaultStart(clock) : date(START_CONFIG, s);
    }

    /** The last day, or null for none. */
    public LocalDate until() {
        String s = getString(UNTIL_CONFIG);
        return s.isBlank() ? null : date(UNTIL_CONFIG, s);
    }

    public double speed() {
        String s = getString(SPEED_CONFIG).trim();
        if (s.equalsIgnoreCase("max")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double v = Double.parseDouble(s);
            if (v > 0 && !Double.isNaN(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new ConfigException(SPEED_CONFIG, s, "a number above 0 or 'max'");
    }

    public double duplicateRate() {
        return getDouble(DUPLICATE_RATE_CONFIG);
    }

    public double invalidRate() {
        return getDouble(INVALID_RATE_CONFIG);
    }

    /** The output file, or null to publish to Kafka. */
    public String out() {
        String s = getString(OUT_CONFIG);
        return s.isBlank() ? null : s;
    }

    public boolean initialOnly() {
        return getBoolean(INITIAL_ONLY_CONFIG);
    }

    public Shape shape() {
        return Shape.fromOption(getString(SHAPE_CONFIG));
    }

    /** The day of the two-tier reform, or null for none. */
    public LocalDate reorganiseOn() {
        String s = getString(REORGANISE_ON_CONFIG);
        if (s.isBlank()) {
            return null;
        }
        if (shape() == Shape.TWO_TIER) {
            throw new ConfigException(REORGANISE_ON_CONFIG, s, "only a province with districts can be reorganised (shape districts)");
        }
        return date(REORGANISE_ON_CONFIG, s);
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new ConfigException(name, value, "a date YYYY-MM-DD");
        }
    }
}
