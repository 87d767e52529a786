package vn.chibo.pulse.producers.simulator;

import java.util.Locale;

/** How the simulated province is organised (SPEC v2 §1). */
public enum Shape {
    /** Province → 13 district-level units → 220 communes → branches: Hà Tĩnh before 1 July 2025. */
    DISTRICTS,
    /** Province → 69 communes and wards → branches, no district level: Hà Tĩnh since 1 July 2025. Same branches and members. */
    TWO_TIER;

    /** "districts" or "two-tier", as {@code --shape} takes it. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException for anything but "districts" or "two-tier" */
    public static Shape fromOption(String value) {
        for (Shape s : values()) {
            if (s.optionValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("shape must be districts or two-tier, not '" + value + "'");
    }
}
