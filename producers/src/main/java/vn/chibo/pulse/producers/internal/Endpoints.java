package vn.chibo.pulse.producers.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;

/**
 * The connection settings a command gets from the cli ({@code kafka.bootstrap},
 * {@code registry.url}) and a quick check that both answer, so that a wrong address gives one
 * clear line within seconds instead of a stack trace after minutes of retries.
 */
public final class Endpoints {
    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap";
    public static final String REGISTRY_URL = "registry.url";

    private Endpoints() {}

    /** Why the endpoints cannot be used; its message is the one line to print. */
    public static final class Unreachable extends Exception {
        public Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    public static String require(Map<String, String> endpoints, String key, String hint) throws Unreachable {
        String value = endpoints == null ? null : endpoints.get(key);
        if (value == null || value.isBlank()) {
            throw new Unreachable("no " + key + " given (" + hint + ")");
        }
        return value.trim();
    }

    /** Asks the cluster for its brokers; throws if none answers within {@code timeout}. */
    public static void checkKafka(String bootstrap, Duration timeout) throws Unreachable {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "pulse-endpoint-check");
        Admin admin;
        try {
            admin = Admin.create(p);
        } catch (KafkaException e) {
            throw new Unreachable("cannot use Kafka bootstrap '" + bootstrap + "': " + rootMessage(e));
        }
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS).size();
            if (brokers == 0) {
                throw new Unreachable("Kafka at " + bootstrap + " reports no broker");
            }
        } catch (TimeoutException e) {
            throw new Unreachable("cannot reach Kafka at " + bootstrap + ": no broker answered within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new Unreachable("cannot reach Kafka at " + bootstrap + ": no broker answered within " + timeout.toSeconds() + " s");
            }
            throw new Unreachable("cannot reach Kafka at " + bootstrap + ": " + rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while connecting to Kafka at " + bootstrap);
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    /** Lists the registry's subjects (any Confluent-compatible registry answers); throws if it does not answer. */
    public static void checkRegistry(String url, Duration timeout) throws Unreachable {
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url + "subjects" : url + "/subjects");
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new Unreachable("schema registry URL '" + url + "' is not usable: " + e.getMessage());
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new Unreachable("the schema registry at " + url + " answered HTTP " + response.statusCode() + " to GET /subjects");
            }
        } catch (HttpTimeoutException e) {
            throw new Unreachable("cannot reach the schema registry at " + url + ": no answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new Unreachable("cannot reach the schema registry at " + url + ": connection refused");
        } catch (IOException e) {
            throw new Unreachable("cannot reach the schema registry at " + url + ": " + rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while connecting to the schema registry at " + url);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : e.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
