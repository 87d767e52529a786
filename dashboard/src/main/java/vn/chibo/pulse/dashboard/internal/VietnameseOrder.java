package vn.chibo.pulse.dashboard.internal;

import java.text.Collator;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The order in which a province lists its district-level units: cities first, then towns, then
 * rural districts, each alphabetically in Vietnamese ("Đức Thọ" after "Can Lộc", before "Hương Khê").
 */
final class VietnameseOrder {

    private static final List<String> RANKS = List.of("thành phố", "quận", "thị xã", "huyện");
    private static final Collator COLLATOR;

    static {
        COLLATOR = Collator.getInstance(Locale.forLanguageTag("vi-VN"));
        COLLATOR.setStrength(Collator.SECONDARY);
    }

    static final Comparator<String> DISTRICTS = Comparator.comparingInt(VietnameseOrder::rank)
            .thenComparing(VietnameseOrder::withoutRank, VietnameseOrder::compareText);

    private VietnameseOrder() {}

    private static synchronized int compareText(String a, String b) {
        return COLLATOR.compare(a, b);
    }

    static int rank(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < RANKS.size(); i++) {
            if (lower.startsWith(RANKS.get(i) + " ")) {
                return i;
            }
        }
        return RANKS.size();
    }

    private static String withoutRank(String name) {
        int r = rank(name);
        return r < RANKS.size() ? name.substring(RANKS.get(r).length()).trim() : name;
    }
}
