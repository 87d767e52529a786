package vn.chibo.pulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import vn.chibo.pulse.cli.up.UpConfig;
import vn.chibo.pulse.dashboard.DashboardConfig;
import vn.chibo.pulse.producers.CommunePublisherConfig;
import vn.chibo.pulse.producers.simulator.SimulatorConfig;
import vn.chibo.pulse.registry.serde.KafkaAvroSerdeConfig;
import vn.chibo.pulse.registry.server.SchemaRegistryServerConfig;
import vn.chibo.pulse.sink.SinkConfig;
import vn.chibo.pulse.streams.StreamsService;

/**
 * Settings are declared once, in code, and the README lists them: each component's table in the
 * README must be exactly the one its {@link ConfigDef} gives, so a setting added, renamed or given
 * another default without the README following fails the build. The failure shows the table to paste.
 */
class ReadmeDocumentsEverySettingTest {
    private static final Path README = Path.of("..", "README.md");

    record Component(String name, ConfigDef definition) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Component> components() {
        return List.of(
                new Component("up", UpConfig.CONFIG),
                new Component("streams", StreamsService.configDef()),
                new Component("sink", SinkConfig.definition()),
                new Component("dashboard", DashboardConfig.definition()),
                new Component("publisher", CommunePublisherConfig.CONFIG),
                new Component("simulator", SimulatorConfig.CONFIG),
                new Component("registry-server", SchemaRegistryServerConfig.CONFIG),
                new Component("serde", KafkaAvroSerdeConfig.CONFIG));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void readmeListsEverySettingWithItsDefault(Component component) throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String table = table(component.definition());
        assertThat(readme)
                .as("README.md must hold the settings table of %s, exactly:%n%n%s%n", component, table)
                .contains(table);
    }

    /** The table as the README shows it: setting, default, meaning — in the order they were declared. */
    static String table(ConfigDef definition) {
        String rows = definition.configKeys().values().stream()
                .filter(key -> !key.internalConfig)
                .map(key -> "| `" + key.name + "` | " + defaultOf(key) + " | " + oneLine(key.documentation) + " |")
                .collect(Collectors.joining("\n"));
        return "| setting | default | meaning |\n|---|---|---|\n" + rows + "\n";
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (key.defaultValue == ConfigDef.NO_DEFAULT_VALUE) {
            return "required";
        }
        if (key.defaultValue == null) {
            return "—";
        }
        if (key.defaultValue instanceof Password) {
            return "(hidden)";
        }
        String text = ConfigDef.convertToString(key.defaultValue, key.type);
        return text.isEmpty() ? "(empty)" : "`" + text + "`";
    }

    private static String oneLine(String documentation) {
        return documentation == null ? "" : documentation.replace('\n', ' ').replace("|", "\\|").trim();
    }
}
