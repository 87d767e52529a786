package vn.chibo.pulse.domain;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys of the compacted aggregate topics: built by the streams app, parsed by the sink, written
 * down here once. Branch ids may hold any character, so a suffix starts at the last '|'.
 */
public final class AggregateKeys {
    private AggregateKeys() {}

    /** {@code <branchId>|<YYYY-MM>} */
    public static String monthly(String branchId, YearMonth month) {
        return branchId + "|" + month;
    }

    public static String monthly(String branchId, LocalDate date) {
        return monthly(branchId, YearMonth.from(date));
    }

    /** {@code <branchId>|<YYYY>} */
    public static String yearly(String branchId, int year) {
        // not String.format: this is on the path of every grade
        String y = Integer.toString(year);
        return branchId + "|" + "0000".substring(Math.min(4, y.length())) + y;
    }

    /** The transfers between two sides in a month; an absent side (outside the province) is the empty string. */
    public static String transfers(String fromBranchId, String toBranchId, YearMonth month) {
        return composite(fromBranchId == null ? "" : fromBranchId, toBranchId == null ? "" : toBranchId, month.toString());
    }

    /** The unit and month of a monthly key; IllegalArgumentException if it is not one. */
    public static Keyed<LocalDate> parseMonthly(String key) {
        String[] parts = split(key, "<branchId>|<YYYY-MM>");
        try {
            return new Keyed<>(parts[0], YearMonth.parse(parts[1]).atDay(1));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("key '" + key + "' does not end in a month YYYY-MM");
        }
    }

    /** The unit and year of a yearly key; IllegalArgumentException if it is not one. */
    public static Keyed<Integer> parseYearly(String key) {
        String[] parts = split(key, "<branchId>|<YYYY>");
        if (!isYear(parts[1])) {
            throw new IllegalArgumentException("key '" + key + "' does not end in a year YYYY");
        }
        return new Keyed<>(parts[0], Integer.parseInt(parts[1]));
    }

    /** Four ASCII digits (not a regex: the sink parses a key with every yearly row). */
    private static boolean isYear(String s) {
        if (s.length() != 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A plain unit key (a branch id, a commune or district code); IllegalArgumentException when empty. */
    public static String parseUnit(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("empty unit code in key");
        }
        return key;
    }

    /** A unit and the period a key names. */
    public record Keyed<P>(String unit, P period) {}

    /**
     * An unambiguous key made of several free-form parts (ids may hold any character):
     * each part is written as its length, ':', then the part.
     */
    public static String composite(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String part : parts) {
            b.append(part.length()).append(':').append(part);
        }
        return b.toString();
    }

    /** The parts of a {@link #composite} key; IllegalArgumentException if it is not one. */
    public static List<String> parseComposite(String key) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < key.length()) {
            int colon = key.indexOf(':', i);
            if (colon < 0 || colon == i || colon - i > 9) {
                throw new IllegalArgumentException("key '" + key + "' is not a composite key");
            }
            int length;
            try {
                length = Integer.parseInt(key.substring(i, colon));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("key '" + key + "' is not a composite key");
            }
            if (length < 0 || colon + 1 + length > key.length()) {
                throw new IllegalArgumentException("key '" + key + "' is not a composite key");
            }
            parts.add(key.substring(colon + 1, colon + 1 + length));
            i = colon + 1 + length;
        }
        return parts;
    }

    private static String[] split(String key, String shape) {
        int bar = key.lastIndexOf('|');
        if (bar <= 0) {
            throw new IllegalArgumentException("key '" + key + "' is not of the form " + shape);
        }
        return new String[] {key.substring(0, bar), key.substring(bar + 1)};
    }
}
