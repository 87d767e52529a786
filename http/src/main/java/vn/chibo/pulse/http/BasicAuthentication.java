package vn.chibo.pulse.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * HTTP basic authentication against configured users and their {@link PasswordHash}es. PBKDF2 is slow
 * on purpose, so a password once verified is remembered as a salted SHA-256 digest: later requests of
 * the same client cost a hash, not a PBKDF2.
 */
public final class BasicAuthentication {

    private static final PasswordHash UNKNOWN_USER = PasswordHash.parse(PasswordHash.create("unknown".toCharArray()));

    private final Map<String, PasswordHash> users;
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
    private final byte[] digestSalt = new byte[16];
    private final String challenge;
    private final Set<String> names;

    private BasicAuthentication(Map<String, PasswordHash> users, String realm) {
        this.names = users.keySet();
        this.users = users;
        this.challenge = "Basic realm=\"" + realm.replace("\"", "") + "\", charset=\"UTF-8\"";
        new SecureRandom().nextBytes(digestSalt);
    }

    /**
     * From entries {@code name:hash}; a ConfigException names {@code setting} (where the entries were
     * configured) and the faulty entry.
     */
    public static BasicAuthentication of(List<String> entries, String realm, String setting) {
        Map<String, PasswordHash> users = new HashMap<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String name = colon < 0 ? entry : entry.substring(0, colon).trim();
            if (colon <= 0) {
                throw new ConfigException(setting, name,
                        "each user is name:hash");
            }
            try {
                users.put(name, PasswordHash.parse(entry.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(setting, name,
                        "the hash of user " + name + " is " + e.getMessage());
            }
        }
        if (users.isEmpty()) {
            throw new ConfigException(setting, "",
                    "authentication BASIC needs at least one user");
        }
        return new BasicAuthentication(Map.copyOf(users), realm);
    }

    /** The names of the users. */
    public Set<String> users() {
        return names;
    }

    /** The WWW-Authenticate header of a 401 answer. */
    public String challenge() {
        return challenge;
    }

    /** Whether an {@code Authorization} header (may be null) carries the password of a configured user. */
    public boolean admits(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String userInfo;
        try {
            userInfo = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = userInfo.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String user = userInfo.substring(0, colon);
        String password = userInfo.substring(colon + 1);
        byte[] digest = digest(password);
        byte[] known = verified.get(user);
        if (known != null && MessageDigest.isEqual(known, digest)) {
            return true;
        }
        PasswordHash hash = users.get(user);
        // An unknown user costs the same PBKDF2 as a known one, so timing does not tell which names exist.
        boolean matches = (hash != null ? hash : UNKNOWN_USER).matches(password.toCharArray()) && hash != null;
        if (matches) {
            verified.put(user, digest);
        }
        return matches;
    }

    private byte[] digest(String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(digestSalt);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
