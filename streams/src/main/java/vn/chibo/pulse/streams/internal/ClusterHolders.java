package vn.chibo.pulse.streams.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The instances holding active partitions of some stores, found in Kafka Streams' own metadata
 * ({@link KafkaStreams#streamsMetadataForStore}, fed by every member's {@code application.server}),
 * asked in parallel: this one directly, the others over HTTP at {@code /internal/local/...}.
 * Standby copies are not asked: they may lag, and the active copy of each partition is asked anyway.
 */
public final class ClusterHolders implements StateHolders {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final LocalAggregates local;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String authorization;

    public ClusterHolders(KafkaStreams streams, HostInfo self, LocalAggregates local) {
        this(streams, self, local, null);
    }

    /** {@code authorization}: the header sent to the other instances (their query servers may need credentials), or null. */
    public ClusterHolders(KafkaStreams streams, HostInfo self, LocalAggregates local, String authorization) {
        this.streams = streams;
        this.self = self;
        this.local = local;
        this.authorization = authorization;
    }

    /** Whether a partition of the store is active on this instance. */
    public boolean holdsHere(String store) {
        return metadata(store).stream()
                .anyMatch(m -> m.hostInfo().equals(self) && m.stateStoreNames().contains(store));
    }

    @Override
    public List<JsonNode> ask(String localPath, Collection<String> stores) {
        Set<HostInfo> hosts = new LinkedHashSet<>();
        for (String store : stores) {
            for (StreamsMetadata m : metadata(store)) {
                if (m.stateStoreNames().contains(store)) {
                    hosts.add(m.hostInfo());
                }
            }
        }
        if (hosts.isEmpty()) {
            throw new InvalidStateStoreException("no instance holds " + stores + " right now (app " + streams.state() + ")");
        }
        List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
        for (HostInfo host : hosts) {
            answers.add(host.equals(self) ? CompletableFuture.completedFuture(local.answer(localPath)) : remote(host, localPath));
        }
        try {
            return answers.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            throw e.getCause() instanceof InvalidStateStoreException i ? i
                    : new InvalidStateStoreException("an instance holding " + stores + " did not answer: " + e.getCause());
        }
    }

    /** The instances holding the store; unreadable (503) rather than an error while the app is not running. */
    private Collection<StreamsMetadata> metadata(String store) {
        try {
            return streams.streamsMetadataForStore(store);
        } catch (IllegalStateException e) {
            throw new InvalidStateStoreException("the app is " + streams.state() + ": " + e.getMessage());
        }
    }

    private CompletableFuture<JsonNode> remote(HostInfo host, String localPath) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + QueryServer.LOCAL + localPath);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        throw new InvalidStateStoreException(host + " answered " + response.statusCode() + ": " + response.body());
                    }
                    try {
                        return JSON.readTree(response.body());
                    } catch (IOException e) {
                        throw new InvalidStateStoreException(host + " answered no JSON: " + e.getMessage());
                    }
                });
    }
}
