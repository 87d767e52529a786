package vn.chibo.pulse.launch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void aPasswordInAUrlIsMaskedWhereverItStands() {
        assertThat(Secrets.maskedUrl("jdbc:postgresql://db:5432/pulse?user=sink&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/pulse?user=sink&password=***&ssl=true");
        assertThat(Secrets.maskedUrl("postgresql://sink:s3cret@db:5432/pulse")).isEqualTo("postgresql://sink:***@db:5432/pulse");
        assertThat(Secrets.maskedUrl("jdbc:postgresql://db/pulse?sslpassword=s3cret")).doesNotContain("s3cret");
        assertThat(Secrets.maskedUrl("jdbc:postgresql://db/pulse?user=analyst")).isEqualTo("jdbc:postgresql://db/pulse?user=analyst");
        assertThat(Secrets.maskedUrl(null)).isNull();
    }
}
