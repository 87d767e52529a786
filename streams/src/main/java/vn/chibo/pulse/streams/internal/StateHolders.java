package vn.chibo.pulse.streams.internal;

import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The instances of the app that hold a part of some stores, asked for their local partial answer
 * ({@code /internal/local/<path>}). One answer per instance; throws
 * {@link org.apache.kafka.streams.errors.InvalidStateStoreException} when a part cannot be read
 * (the merged figures would be short), which the query server answers with 503.
 */
public interface StateHolders {
    List<JsonNode> ask(String localPath, Collection<String> stores);

    /** A single instance holding everything (tests on the topology test driver). */
    static StateHolders only(LocalAggregates local) {
        return (path, stores) -> List.of(local.answer(path));
    }
}
