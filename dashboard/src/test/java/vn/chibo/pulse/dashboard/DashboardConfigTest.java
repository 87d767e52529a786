package vn.chibo.pulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class DashboardConfigTest {

    @Test
    void defaultsServeLoopbackAndReadTheStreamsAppNearby() {
        DashboardConfig c = new DashboardConfig(Map.of());

        assertThat(c.bindHost()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8088);
        assertThat(c.streamsUrl()).isEqualTo("http://127.0.0.1:7070");
        assertThat(c.pgUrl()).isEmpty();
        assertThat(c.pollInterval().toMillis()).isEqualTo(300);
        assertThat(c.trendMonths()).isEqualTo(12);
        assertThat(c.timeZone()).isEqualTo(ZoneId.of("Asia/Ho_Chi_Minh"));
    }

    @Test
    void aTrailingSlashOfTheStreamsUrlIsDropped() {
        DashboardConfig c = new DashboardConfig(Map.of(DashboardConfig.STREAMS_URL, "http://127.0.0.1:9000/"));

        assertThat(c.streamsUrl()).isEqualTo("http://127.0.0.1:9000");
    }

    @Test
    void settingsGivenAsTextAreParsed() {
        DashboardConfig c = new DashboardConfig(Map.of(DashboardConfig.PORT, "0",
                DashboardConfig.PG_URL, "jdbc:postgresql://127.0.0.1:5432/pulse", DashboardConfig.PG_PASSWORD, "s3cret"));

        assertThat(c.port()).isZero();
        assertThat(c.pgUrl()).contains("jdbc:postgresql://127.0.0.1:5432/pulse");
        assertThat(c.pgPassword()).contains("s3cret");
        // the password never shows in the logged settings
        assertThat(c.toString()).doesNotContain("s3cret");
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new DashboardConfig(Map.of(DashboardConfig.PORT, 70_000)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(DashboardConfig.PORT);
        assertThatThrownBy(() -> new DashboardConfig(Map.of(DashboardConfig.TIME_ZONE, "Hà Tĩnh")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(DashboardConfig.TIME_ZONE);
        assertThatThrownBy(() -> new DashboardConfig(Map.of(DashboardConfig.STREAMS_URL, "127.0.0.1:7070")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(DashboardConfig.STREAMS_URL);
    }
}
