package io.windlass.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.windlass.consumer.Consumer;
import io.windlass.consumer.client.TaskClient;
import io.windlass.etcd.EtcdCoordinator;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Everything a server is built from (see {@link HttpServerBuilder} for each value's meaning and default).
 * {@code consumer}, {@code coordinator} and {@code propsValidator} may be null.
 */
record ServerConfig(TaskClient client, Consumer consumer, EtcdCoordinator coordinator, MeterRegistry registry,
                    Tags tags, String host, int port, Auth auth, boolean readOnly, int maxBodyBytes,
                    int maxConcurrent, Set<String> allowedOrigins, BiConsumer<String, JsonNode> propsValidator,
                    int maxHistory, Duration probeInterval, boolean closeWithConsumer, String basePath,
                    boolean dashboard, int maxEventStreams, Duration eventHeartbeat) {
    static final int MAX_PAGE = 1000;
    private static final java.util.regex.Pattern BASE_PATH =
            java.util.regex.Pattern.compile("(/[A-Za-z0-9._~-]+)*");

    ServerConfig {
        Objects.requireNonNull(client, "client is required");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(auth, "auth");
        allowedOrigins = Set.copyOf(allowedOrigins);
        Objects.requireNonNull(basePath, "basePath");
        if (!BASE_PATH.matcher(basePath).matches()) {
            throw new IllegalArgumentException("basePath must be empty or like /windlass (segments of"
                    + " [A-Za-z0-9._~-], no trailing slash), was '" + basePath + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be 1 KiB..16 MiB, was " + maxBodyBytes);
        }
        if (maxConcurrent < 1 || maxConcurrent > 256) {
            throw new IllegalArgumentException("maxConcurrent must be 1..256, was " + maxConcurrent);
        }
        if (maxEventStreams < 1 || maxEventStreams > 1024) {
            throw new IllegalArgumentException("maxEventStreams must be 1..1024, was " + maxEventStreams);
        }
        if (eventHeartbeat.toMillis() < 100) {
            throw new IllegalArgumentException("eventHeartbeat must be at least 100ms");
        }
        if (maxHistory < 0 || maxHistory > 1000) {
            throw new IllegalArgumentException("maxHistory must be 0..1000, was " + maxHistory);
        }
        if (probeInterval.toMillis() < 100) {
            throw new IllegalArgumentException("probeInterval must be at least 100ms");
        }
        for (String o : allowedOrigins) {
            if (o.equals("*") || !(o.startsWith("http://") || o.startsWith("https://"))) {
                throw new IllegalArgumentException("allowed origins are exact http(s) origins, not '" + o + "'");
            }
        }
    }
}
