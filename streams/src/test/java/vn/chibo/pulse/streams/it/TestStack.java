package vn.chibo.pulse.streams.it;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import vn.chibo.pulse.domain.Topics;
import vn.chibo.pulse.registry.server.SchemaRegistryServer;
import vn.chibo.pulse.stack.EmbeddedKafka;

/** What every test here sets up around the app on the real broker and registry. */
final class TestStack {

    private TestStack() {
    }

    /** The three input topics, kept forever; reference on one partition, as the pipeline has it. */
    static void createInputTopics(EmbeddedKafka kafka, int partitions) {
        kafka.createTopic(Topics.REFERENCE, 1, "retention.ms", "-1");
        kafka.createTopic(Topics.MEMBER_EVENTS, partitions, "retention.ms", "-1");
        kafka.createTopic(Topics.MEETING_EVENTS, partitions, "retention.ms", "-1");
    }

    /** The app's settings for this broker and registry; {@code more} are further key, value pairs. */
    static Map<String, String> appSettings(String applicationId, EmbeddedKafka kafka, SchemaRegistryServer registry,
            Path stateDir, int partitions, int rocksdbMemoryMb, String... more) {
        Map<String, String> settings = new HashMap<>();
        settings.put("application.id", applicationId);
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("schema.registry.url", registry.url());
        settings.put("state.dir", stateDir.toString());
        settings.put("topics.partitions", Integer.toString(partitions));
        settings.put("rocksdb.memory.mb", Integer.toString(rocksdbMemoryMb));
        for (int i = 0; i < more.length; i += 2) {
            // as Map.of did: a setting given twice is a mistake in the test, not a silent override
            if (settings.put(more[i], more[i + 1]) != null) {
                throw new IllegalArgumentException("setting given twice: " + more[i]);
            }
        }
        return Map.copyOf(settings);
    }
}
