package vn.chibo.pulse.launch;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What may be printed or logged of settings that can carry a secret. */
public final class Secrets {

    // user:password@ in the authority, or a password (sslpassword) parameter, as PULSE_PG_URL may carry one
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(//[^/@:?]*:)[^@/?]*(@)|([?&;](?:ssl)?password=)[^&;]*");

    private Secrets() {
    }

    /** A URL as it may be logged or printed: a password in it replaced by {@code ***}. */
    public static String maskedUrl(String url) {
        if (url == null) {
            return null;
        }
        return URL_PASSWORD.matcher(url).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) != null ? m.group(1) + "***" + m.group(2) : m.group(3) + "***"));
    }
}
