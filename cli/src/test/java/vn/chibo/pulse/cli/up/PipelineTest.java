package vn.chibo.pulse.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PipelineTest {

    @Test
    void oneStreamsInstanceByDefault() {
        assertThat(Pipeline.assemble(UpConfig.fromArgs(List.of()), Map.of()).names())
                .containsExactly("kafka", "registry", "postgres", "streams", "sink", "dashboard", "simulator");
    }

    @Test
    void streamsInstancesEachWithItsOwnNameAndStateDirectoryStartBeforeTheSink() {
        UpConfig config = UpConfig.fromArgs(List.of("--streams-instances", "3", "--no-simulator"));
        assertThat(config.streamsInstances()).isEqualTo(3);
        assertThat(Pipeline.assemble(config, Map.of()).names())
                .containsExactly("kafka", "registry", "postgres", "streams", "streams-2", "streams-3", "sink", "dashboard");
    }
}
