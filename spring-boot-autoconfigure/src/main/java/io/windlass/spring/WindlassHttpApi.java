package io.windlass.spring;

import io.windlass.http.HttpServerBuilder;
import io.windlass.http.WindlassHttpServer;
import java.net.InetSocketAddress;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * The Windlass HTTP API ({@code windlass.http.enabled=true}) for the first namespace, with its node when this
 * application runs a worker: starts after the worker, stops before it drains. Its {@code /metrics} serves a Prometheus
 * registry of its own (the application's MeterRegistry gets the meters from the worker). Thread-safe.
 */
public final class WindlassHttpApi implements SmartLifecycle {
    private final WindlassConnections connections;
    private final ObjectProvider<WindlassWorker> worker;
    private final HttpProperties properties;
    private volatile WindlassHttpServer server;

    WindlassHttpApi(WindlassConnections connections, ObjectProvider<WindlassWorker> worker,
                    HttpProperties properties) {
        this.connections = connections;
        this.worker = worker;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        HttpServerBuilder b = WindlassHttpServer.builder().client(connections.primary())
                .bind(properties.getHost(), properties.getPort()).readOnly(properties.isReadOnly())
                .closeWithConsumer(false);
        WindlassWorker w = worker.getIfAvailable();
        if (w != null && !w.nodes().isEmpty()) {
            b.consumer(w.nodes().get(0).consumer()).coordinator(w.nodes().get(0).coordinator());
        }
        if (properties.getTokenFile() != null) {
            b.authTokensFile(properties.getTokenFile());
        }
        try {
            server = b.build().start();
        } catch (RuntimeException e) {
            throw NamespaceTargets.invalid("windlass.http", NamespaceTargets.problem(e));
        }
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** After the worker (it starts later and stops earlier). */
    @Override
    public int getPhase() {
        return WindlassWorker.PHASE + 1;
    }

    /** Where the API listens, or null while stopped. */
    public InetSocketAddress address() {
        WindlassHttpServer s = server;
        return s == null ? null : s.address();
    }
}
