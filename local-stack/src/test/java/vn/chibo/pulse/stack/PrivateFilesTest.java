package vn.chibo.pulse.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void aPrivateFileIsOwnerOnlyBeforeAnythingIsWrittenToIt() throws Exception {
        Path file = PrivateFiles.create(dir.resolve("secret"));

        assertThat(Files.size(file)).isZero();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aSecretIsGeneratedOnceAndKeptOwnerOnly() throws Exception {
        Path file = dir.resolve("postgres.password");
        String secret = PrivateFiles.readOrCreateSecret(file);

        assertThat(secret).matches("[A-Za-z0-9_-]{43}");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(PrivateFiles.readOrCreateSecret(file)).isEqualTo(secret);
    }
}
