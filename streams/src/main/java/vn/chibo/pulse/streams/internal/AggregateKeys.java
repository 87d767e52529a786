package vn.chibo.pulse.streams.internal;

import java.time.LocalDate;
import java.time.YearMonth;

/** Keys of the aggregate topics, as the brief fixes them. */
public final class AggregateKeys {
    private AggregateKeys() {}

    /** '<districtCode>|<YYYY-MM>' */
    public static String monthly(String districtCode, YearMonth month) {
        return districtCode + "|" + month;
    }

    public static String monthly(String districtCode, LocalDate date) {
        return monthly(districtCode, YearMonth.from(date));
    }

    /** '<districtCode>|<YYYY>' */
    public static String yearly(String districtCode, int year) {
        // not String.format: this is on the path of every grade
        String y = Integer.toString(year);
        return districtCode + "|" + "0000".substring(Math.min(4, y.length())) + y;
    }

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
}
