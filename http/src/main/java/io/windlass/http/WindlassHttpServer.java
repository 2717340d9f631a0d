package io.windlass.http;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;

/**
 * The operator surface of one namespace over HTTP: the JSON API under {@code /api/v1}, {@code /info} of the node it
 * runs with, {@code /health/live} and {@code /health/ready}, and {@code /metrics} (Prometheus text). Fields and errors:
 * docs/http-api.md. Embedded in an application next to its {@link io.windlass.consumer.Consumer}:
 *
 * <pre>{@code
 * WindlassHttpServer http = WindlassHttpServer.builder()
 *     .client(taskClient).consumer(consumer).coordinator(coordinator)   // consumer/coordinator optional
 *     .bind("127.0.0.1", 8080).authTokensFile(Path.of("/etc/windlass/tokens"))
 *     .build().start();
 * }</pre>
 *
 * <p>Safe by default: it binds loopback unless told otherwise, limits request bodies, page sizes and concurrent
 * requests (a bounded pool; past it requests get 503 at once), sends security headers and no wildcard CORS, asks
 * writes for the {@code X-Windlass-Csrf: 1} header and a same-origin (or allowed) {@code Origin}, refuses every POST
 * and DELETE in read-only mode, and logs each write with who sent it (logger {@code io.windlass.http.audit}).
 *
 * <p>Threads and failures: requests run on the server's pool; every store call is bounded by the client's timeout and
 * a store failure becomes a JSON error (503 for UNAVAILABLE), never a hung request. {@link #start()} throws
 * {@link java.io.UncheckedIOException} when the address cannot be bound. Closing is idempotent and also happens when
 * the consumer it was built with terminates (unless disabled). All methods are thread-safe.
 */
public interface WindlassHttpServer extends AutoCloseable {

    static HttpServerBuilder builder() {
        return new HttpServerBuilder();
    }

    /** Binds, starts the task counts and the store probe, and serves. Once; returns this. */
    WindlassHttpServer start();

    /** The bound address (the real port when built with port 0); null before {@link #start()}. */
    InetSocketAddress address();

    /** The registry the server's and the consumer's meters are on. */
    MeterRegistry meterRegistry();

    /** Stops serving (in-flight requests get up to a second), the task counts and the probe. Idempotent. */
    @Override
    void close();
}
