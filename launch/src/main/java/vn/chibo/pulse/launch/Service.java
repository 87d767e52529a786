package vn.chibo.pulse.launch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.config.ConfigDef;

/**
 * A service as {@link ServiceLauncher} runs it: its name ({@code pulse-NAME} in messages), the settings it
 * declares (their names, defaults and documentation make its {@code --help}), the environment variables that
 * give a setting a value, and how it starts.
 *
 * @param environment   environment variable → the setting it gives, e.g. {@code PULSE_KAFKA_BOOTSTRAP → bootstrap.servers}
 * @param passedThrough prefixes of settings it takes undeclared and hands on (to a Kafka client), e.g. {@code consumer.}
 */
public record Service(String name, ConfigDef settings, Map<String, String> environment, List<String> passedThrough,
        Starter starter) {

    public Service {
        Objects.requireNonNull(name);
        Objects.requireNonNull(settings);
        environment = Map.copyOf(environment);
        passedThrough = List.copyOf(passedThrough);
        Objects.requireNonNull(starter);
    }

    /** A service that takes only the settings it declares. */
    public Service(String name, ConfigDef settings, Map<String, String> environment, Starter starter) {
        this(name, settings, environment, List.of(), starter);
    }

    /** Whether {@code key} is a setting of the service: declared, or under a prefix it passes on (e.g. {@code consumer.}). */
    public boolean takes(String key) {
        return settings.names().contains(key) || passedThrough.stream().anyMatch(key::startsWith);
    }

    /** Starts the service from its resolved settings and returns at once. */
    @FunctionalInterface
    public interface Starter {
        /**
         * @throws org.apache.kafka.common.config.ConfigException or {@link IllegalArgumentException} for settings
         *         that cannot work (the launcher exits with status 2); anything else is a failure to start (status 1)
         */
        Running start(Map<String, String> settings) throws Exception;
    }

    /** The settings the given environment sets, under the service's names; blank variables set nothing. */
    public Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> settings = new LinkedHashMap<>();
        environment.forEach((variable, setting) -> {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                settings.put(setting, value);
            }
        });
        return settings;
    }
}
