package vn.chibo.pulse.domain;

import java.util.Locale;

/** What {@link EventRules} asks of the text in an event: clean characters, and member ids that are not national id numbers. */
final class Text {
    private Text() {}

    /**
     * Exactly 9 (old identity card) or 12 (citizen identity card) ASCII digits: the shape of a
     * Vietnamese national id number, which must never travel as a member id.
     */
    static boolean looksLikeNationalId(String value) {
        int n = value.length();
        if (n != 9 && n != 12) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Index of the first surrogate that is not half of a pair, or -1. Such a string has no
     * UTF-8 form: Avro and PostgreSQL would turn it into '?' or fail.
     */
    static int loneSurrogateAt(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first control character (U+0000-U+001F, U+007F-U+009F) or lone surrogate, or -1. */
    static int badCharacterAt(String value) {
        int lone = loneSurrogateAt(value);
        int end = lone < 0 ? value.length() : lone;
        for (int i = 0; i < end; i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return i;
            }
        }
        return lone;
    }

    /** "the control character U+0007" or "a lone surrogate U+D800". */
    static String describe(char c) {
        String code = String.format(Locale.ROOT, "U+%04X", (int) c);
        return Character.isSurrogate(c) ? "a lone surrogate " + code : "the control character " + code;
    }
}
