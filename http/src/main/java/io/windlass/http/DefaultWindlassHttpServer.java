package io.windlass.http;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.windlass.consumer.ConsumerListener;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link WindlassHttpServer} on the JDK's {@link HttpServer}: one {@link Gate} in front of every route. */
final class DefaultWindlassHttpServer implements WindlassHttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultWindlassHttpServer.class);

    private final ServerConfig config;
    private final Object lifecycle = new Object();
    private boolean started;
    private boolean closed;
    private HttpServer server;
    private ThreadPoolExecutor pool;
    private ScheduledExecutorService scheduler;
    private StateCounts counts;
    private EventStreams events;
    private StoreProbe probe;
    private WindlassMetrics metrics;
    private volatile InetSocketAddress address;

    DefaultWindlassHttpServer(ServerConfig config) {
        this.config = config;
    }

    @Override
    public WindlassHttpServer start() {
        synchronized (lifecycle) {
            if (started || closed) {
                throw new WindlassException(ErrorCode.ILLEGAL_STATE, "the HTTP server was already started or closed");
            }
            started = true;
            scheduler = ServerThreads.scheduler();
            pool = ServerThreads.requests(config.maxConcurrent());
            counts = new StateCounts(config.client(), scheduler, Duration.ofSeconds(1));
            probe = new StoreProbe(config.client(), scheduler, config.probeInterval());
            metrics = config.consumer() != null
                    ? WindlassMetrics.bind(config.consumer(), config.registry(), config.tags())
                    : WindlassMetrics.unbound(config.registry(), config.tags());
            if (config.coordinator() != null) {
                metrics.lease(config.coordinator());
            }
            metrics.taskCounts(counts);
            HealthRoutes health = new HealthRoutes(config, counts, probe);
            List<Route> routes = new ArrayList<>(new TaskRoutes(config, counts).routes());
            routes.addAll(new NodeRoutes(config, counts).routes());
            routes.addAll(health.routes());
            routes.addAll(new DashboardRoutes(config).routes());
            events = new EventStreams(config);
            routes.addAll(events.routes());
            noDelay();
            try {
                server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
            } catch (IOException e) {
                closeParts();
                throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port() + ": "
                        + e.getMessage(), e);
            }
            server.createContext("/", new Gate(routes, config));
            server.setExecutor(pool);
            counts.start();
            probe.start();
            server.start();
            address = server.getAddress();
            if (config.consumer() != null && config.closeWithConsumer()) {
                config.consumer().addListener(new ConsumerListener() {
                    @Override
                    public void terminated() {
                        Thread t = new Thread(DefaultWindlassHttpServer.this::close, "windlass-http-close");
                        t.setDaemon(true);
                        t.start();
                    }
                });
            }
            LOG.info("windlass HTTP API on http://{}:{} (auth {}, {})", address.getHostString(), address.getPort(),
                    config.auth(), config.readOnly() ? "read-only" : "read-write");
            return this;
        }
    }

    /**
     * The JDK server writes a reply's headers and body separately and leaves Nagle's algorithm on unless told: with
     * delayed ACKs every small reply then waits ~40 ms. Its switch is a system property read once, when the first
     * server is created; set it unless the application chose a value itself.
     */
    private static void noDelay() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public MeterRegistry meterRegistry() {
        return config.registry();
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (events != null) {
                events.close(); // ends the open streams, so that stop() need not wait for them
            }
            if (server != null) {
                server.stop(1);
            }
            closeParts();
        }
        LOG.info("windlass HTTP API stopped");
    }

    private void closeParts() {
        if (events != null) {
            events.close();
        }
        if (probe != null) {
            probe.close();
        }
        if (counts != null) {
            counts.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
