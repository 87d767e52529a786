package vn.chibo.pulse.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Files that hold a secret (a password, the endpoints of a stack with one): readable and writable by
 * their owner only from the moment they exist, never briefly open to others between a write and a chmod.
 */
public final class PrivateFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private PrivateFiles() {}

    /**
     * Creates {@code file} anew (a file already there is deleted first), with permissions 0600 on a
     * POSIX file system, and returns it empty, ready to be written.
     */
    public static Path create(Path file) throws IOException {
        Files.deleteIfExists(file);
        try {
            return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createFile(file); // not a POSIX file system: no mode to set
        }
    }

    /** A new random secret: 256 bits, base64url (no character that needs quoting in a URL or SQL literal). */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The secret kept in {@code file}, or a new random one (256 bits, base64url) written there first. */
    static String readOrCreateSecret(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        String secret = newSecret();
        Path temp = create(file.resolveSibling(file.getFileName() + ".tmp"));
        Files.writeString(temp, secret, StandardCharsets.UTF_8);
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return secret;
    }
}
