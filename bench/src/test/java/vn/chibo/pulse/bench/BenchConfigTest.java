package vn.chibo.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import vn.chibo.pulse.producers.simulator.Scale;

class BenchConfigTest {

    @Test
    void flagsNameTheSettingsWithDashes() {
        BenchConfig c = BenchConfig.fromArgs(List.of("--scale", "province", "--raw-seconds=5", "--no-pg-durable", "--profile"));
        assertThat(c.scaleName()).isEqualTo("province");
        assertThat(c.scale()).isNull();
        assertThat(c.getInt(BenchConfig.RAW_SECONDS)).isEqualTo(5);
        assertThat(c.getBoolean(BenchConfig.PG_DURABLE)).isFalse();
        assertThat(c.getBoolean(BenchConfig.PROFILE)).isTrue();
    }

    @Test
    void defaultsAreTheNationalScaleAndEveryPhase() {
        BenchConfig c = BenchConfig.fromArgs(List.of());
        assertThat(c.scale()).isEqualTo(Scale.national());
        for (String phase : BenchConfig.ALL_PHASES) {
            assertThat(c.runs(phase)).isTrue();
        }
        assertThat(c.getInt(BenchConfig.NOMINAL_RATE)).isEqualTo(500);
        assertThat(c.getDouble(BenchConfig.LOAD_FRACTION)).isEqualTo(0.8);
        assertThat(c.getDouble(BenchConfig.TIME_LIMIT_MINUTES)).isEqualTo(60.0);
        assertThat(c.getBoolean(BenchConfig.REPLAY_REFERENCE_FIRST)).as("the replay starts on the complete log").isFalse();
    }

    @Test
    void theTimeLimitTakesFractionsOfAMinuteButNotNothing() {
        assertThat(BenchConfig.fromArgs(List.of("--time-limit-minutes", "0.5")).getDouble(BenchConfig.TIME_LIMIT_MINUTES))
                .isEqualTo(0.5);
        assertThatThrownBy(() -> BenchConfig.fromArgs(List.of("--time-limit-minutes=0"))).hasMessageContaining("time.limit.minutes");
    }

    @Test
    void aCustomScaleIsDistrictsBranchesMembers() {
        assertThat(BenchConfig.fromArgs(List.of("--scale", "20,1000,50000")).scale()).isEqualTo(Scale.of(20, 1000, 50_000));
    }

    @Test
    void settingsOfTheStreamsAppAndTheSinkPassThrough() {
        BenchConfig c = BenchConfig.fromArgs(List.of("--streams.rocksdb.memory.mb=256", "--sink.batch.size=5000"));
        assertThat(c.streamsSettings()).isEqualTo(Map.of("rocksdb.memory.mb", "256"));
        assertThat(c.sinkSettings()).isEqualTo(Map.of("batch.size", "5000"));
    }

    @Test
    void wrongCommandLinesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> BenchConfig.fromArgs(List.of("--nonsense"))).hasMessageContaining("unknown option --nonsense");
        assertThatThrownBy(() -> BenchConfig.fromArgs(List.of("--scale", "galaxy"))).hasMessageContaining("national, province");
        assertThatThrownBy(() -> BenchConfig.fromArgs(List.of("--phases", "raw,magic"))).hasMessageContaining("phases");
        assertThatThrownBy(() -> BenchConfig.fromArgs(List.of("--raw-seconds"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchConfig.fromArgs(List.of("--streams.x"))).hasMessageContaining("=VALUE");
    }
}
