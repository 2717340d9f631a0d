package io.windlass.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.windlass.consumer.Consumer;
import io.windlass.consumer.client.TaskClient;
import io.windlass.etcd.EtcdCoordinator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Options of a {@link WindlassHttpServer}. Only {@link #client} is required. Defaults: bind 127.0.0.1 on port 0 (an
 * ephemeral port; see {@link WindlassHttpServer#address()}), no auth, writes allowed, bodies up to 128 KiB, 16
 * concurrent requests, 32 event streams, no cross-origin access, history up to 100 versions, store probe every 2 s, a
 * private Prometheus registry. Not thread-safe; {@link #build()} validates (IllegalArgumentException naming the value).
 */
public final class HttpServerBuilder {
    private TaskClient client;
    private Consumer consumer;
    private EtcdCoordinator coordinator;
    private MeterRegistry registry;
    private Tags tags = Tags.empty();
    private String host = "127.0.0.1";
    private int port;
    private Auth auth = Auth.OPEN;
    private boolean readOnly;
    private int maxBodyBytes = 128 * 1024;
    private int maxConcurrent = 16;
    private Set<String> allowedOrigins = Set.of();
    private BiConsumer<String, JsonNode> propsValidator;
    private int maxHistory = 100;
    private Duration probeInterval = Duration.ofSeconds(2);
    private boolean closeWithConsumer = true;
    private String basePath = "";
    private boolean dashboard = true;
    private int maxEventStreams = 32;
    private Duration eventHeartbeat = Duration.ofSeconds(15);

    HttpServerBuilder() {
    }

    /** The namespace's task client: the one read model of every endpoint. The server does not close it. */
    public HttpServerBuilder client(TaskClient client) {
        this.client = client;
        return this;
    }

    /** The consumer running in this process, if any: {@code /info}, readiness (draining), its meters. */
    public HttpServerBuilder consumer(Consumer consumer) {
        this.consumer = consumer;
        return this;
    }

    /** The consumer's etcd coordinator, if any: readiness (lease live) and the lease's time left. */
    public HttpServerBuilder coordinator(EtcdCoordinator coordinator) {
        this.coordinator = coordinator;
        return this;
    }

    /**
     * Where the meters go. {@code /metrics} serves it when it is a {@link PrometheusMeterRegistry}; with another
     * registry the application exports the meters itself and {@code /metrics} answers 404.
     */
    public HttpServerBuilder meterRegistry(MeterRegistry registry) {
        this.registry = registry;
        return this;
    }

    /** Tags on every Windlass meter, e.g. {@code Tags.of("namespace", "prod")}; keep them bounded. */
    public HttpServerBuilder meterTags(Tags tags) {
        this.tags = tags;
        return this;
    }

    /** The address to listen on; say {@code 0.0.0.0} explicitly to be reachable from other hosts. */
    public HttpServerBuilder bind(String host, int port) {
        this.host = host;
        this.port = port;
        return this;
    }

    /** One bearer token (at least 16 characters), named {@code token} in the audit log. */
    public HttpServerBuilder authToken(String token) {
        this.auth = Auth.tokens(Map.of("token", token));
        return this;
    }

    /** Bearer tokens by name (the name is what the audit log shows). */
    public HttpServerBuilder authTokens(Map<String, String> nameToToken) {
        this.auth = Auth.tokens(nameToToken);
        return this;
    }

    /** Bearer tokens from a file, one per line: {@code NAME TOKEN} or {@code TOKEN}; {@code #} comments. */
    public HttpServerBuilder authTokensFile(Path file) {
        this.auth = Auth.tokensFile(file);
        return this;
    }

    /** Basic auth with one user (password at least 8 characters). Use it behind TLS only. */
    public HttpServerBuilder basic(String user, String password) {
        this.auth = Auth.basic(user, password);
        return this;
    }

    /** Refuse every POST and DELETE (403 READ_ONLY). */
    public HttpServerBuilder readOnly(boolean readOnly) {
        this.readOnly = readOnly;
        return this;
    }

    public HttpServerBuilder maxBodyBytes(int bytes) {
        this.maxBodyBytes = bytes;
        return this;
    }

    /** Requests served at once; more get 503 BUSY at once (1..256). */
    public HttpServerBuilder maxConcurrentRequests(int n) {
        this.maxConcurrent = n;
        return this;
    }

    /** Exact origins (e.g. {@code https://ops.example.com}) allowed cross-origin reads and writes; never "*". */
    public HttpServerBuilder allowedOrigins(Set<String> origins) {
        this.allowedOrigins = origins;
        return this;
    }

    /** Checks props at {@code POST /api/v1/tasks} (type, props); throw a WindlassException to refuse. */
    public HttpServerBuilder propsValidator(BiConsumer<String, JsonNode> validator) {
        this.propsValidator = validator;
        return this;
    }

    /** Most history entries {@code GET /api/v1/tasks/{id}} reads (0..1000; 0 = none). */
    public HttpServerBuilder maxHistory(int n) {
        this.maxHistory = n;
        return this;
    }

    /** How often readiness probes the store (at least 100 ms). */
    public HttpServerBuilder probeInterval(Duration interval) {
        this.probeInterval = interval;
        return this;
    }

    /** Whether the server closes itself when the consumer terminates (default true). */
    public HttpServerBuilder closeWithConsumer(boolean close) {
        this.closeWithConsumer = close;
        return this;
    }

    /**
     * A path prefix for everything served (e.g. {@code /windlass} behind a proxy that does not strip it): the
     * dashboard is then at {@code /windlass/} and the API at {@code /windlass/api/v1}. Paths without the prefix are
     * served too (probes, a proxy that strips it). Default: none.
     */
    public HttpServerBuilder basePath(String basePath) {
        this.basePath = basePath;
        return this;
    }

    /** Whether the web dashboard is served at {@code /} (default true); docs/dashboard.md. */
    public HttpServerBuilder dashboard(boolean serve) {
        this.dashboard = serve;
        return this;
    }

    /**
     * Event streams ({@code GET /api/v1/events}) open at once (1..1024, default 32); more get 503 STREAMS_FULL and the
     * dashboard polls instead. Each open stream holds one thread of its own pool, besides the request pool.
     */
    public HttpServerBuilder maxEventStreams(int n) {
        this.maxEventStreams = n;
        return this;
    }

    /** How often an idle event stream sends a comment line so proxies keep it open (at least 100 ms; default 15 s). */
    public HttpServerBuilder eventHeartbeat(Duration interval) {
        this.eventHeartbeat = interval;
        return this;
    }

    /** A server, not started yet. */
    public WindlassHttpServer build() {
        MeterRegistry r = registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return new DefaultWindlassHttpServer(new ServerConfig(client, consumer, coordinator, r, tags, host, port, auth,
                readOnly, maxBodyBytes, maxConcurrent, allowedOrigins, propsValidator, maxHistory, probeInterval,
                closeWithConsumer, basePath, dashboard, maxEventStreams, eventHeartbeat));
    }
}
