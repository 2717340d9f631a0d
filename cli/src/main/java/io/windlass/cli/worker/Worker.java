package io.windlass.cli.worker;

import io.windlass.consumer.Consumer;
import io.windlass.etcd.EtcdConnection;
import io.windlass.etcd.EtcdCoordinator;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.etcd.EtcdTaskClient;
import io.windlass.http.WindlassHttpServer;
import io.windlass.http.WindlassMetrics;
import io.windlass.examples.handlers.ExampleHandlers;
import io.windlass.cli.support.EtcdEndpoints;
import io.windlass.cli.support.EtcdSecurity;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer node on etcd running the example handlers, logging one structured line per event
 * ({@link TransitionLog}). {@link #start} connects and registers the node; {@link #stop} shuts it down gracefully
 * (its tasks are released for the other nodes) and closes the etcd client. Thread-safe.
 */
public final class Worker {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final Settings settings;
    private final EtcdConnection etcd;
    private final Consumer consumer;
    private final WindlassHttpServer http;

    /**
     * @param etcd            endpoint(s), comma separated
     * @param leaseTtl        the node lease's TTL (etcd may grant more)
     * @param balanceInterval how often the balancer runs (plus up to 10 % jitter)
     * @param timeout         bound on each etcd call
     * @param shutdownGrace   how long a graceful stop waits for running steps
     * @param security        TLS and auth towards etcd ({@link EtcdSecurity#NONE}: plaintext, no user)
     */
    public record Settings(String etcd, String namespace, String nodeId, Duration leaseTtl, Duration balanceInterval,
                           Duration timeout, Duration shutdownGrace, EtcdSecurity security) {
        public Settings {
            Objects.requireNonNull(etcd, "etcd");
            Objects.requireNonNull(security, "security");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(nodeId, "nodeId");
            check(leaseTtl.toSeconds() >= 1, "--lease-ttl must be at least 1s, was " + leaseTtl);
            check(balanceInterval.toMillis() >= 100, "--balance-interval must be at least 100ms");
            check(!timeout.isZero() && !timeout.isNegative(), "--timeout must be > 0");
        }

        /** Plaintext, no authentication. */
        public Settings(String etcd, String namespace, String nodeId, Duration leaseTtl, Duration balanceInterval,
                        Duration timeout, Duration shutdownGrace) {
            this(etcd, namespace, nodeId, leaseTtl, balanceInterval, timeout, shutdownGrace, EtcdSecurity.NONE);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, message);
            }
        }
    }

    private Worker(Settings settings, EtcdConnection etcd, Consumer consumer, WindlassHttpServer http) {
        this.settings = settings;
        this.etcd = etcd;
        this.consumer = consumer;
        this.http = http;
    }

    /** {@link #start(Settings, HttpEndpoint)} without an HTTP API. */
    public static Worker start(Settings settings) {
        return start(settings, null);
    }

    /**
     * Connects, registers the node and starts claiming.
     *
     * @throws WindlassException UNAVAILABLE naming the endpoint when etcd cannot be reached; INVALID_ARGUMENT for a
     *     bad endpoint, namespace, TLS/auth options (https without a CA), or an {@code http} address that cannot be
     *     bound; NODE_ID_TAKEN (naming the holder) when another live process has the node id; PERMISSION_DENIED
     *     (naming the prefix and the user) when the etcd user's role does not cover the namespace, UNAUTHENTICATED
     *     for a wrong user or password — both at once, without retrying
     */
    public static Worker start(Settings settings, HttpEndpoint http) {
        return start(settings, http, Duration.ZERO);
    }

    /**
     * Like {@link #start(Settings, HttpEndpoint)}, but while another live process holds the node id, tries again
     * every 500 ms for up to {@code waitForNodeId} (until its lease ends or it stops), then fails NODE_ID_TAKEN as
     * without a wait. Never runs next to that process.
     */
    public static Worker start(Settings settings, HttpEndpoint http, Duration waitForNodeId) {
        long deadline = System.nanoTime() + waitForNodeId.toNanos();
        boolean logged = false;
        while (true) {
            try {
                return startOnce(settings, http);
            } catch (WindlassException e) {
                if (e.code() != ErrorCode.NODE_ID_TAKEN || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                if (!logged) {
                    LOG.warn("waiting up to {} for node id {}: {}", waitForNodeId, settings.nodeId(), e.getMessage());
                    logged = true;
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WindlassException(ErrorCode.INTERRUPTED, "interrupted while waiting for the node id", e);
        }
    }

    private static Worker startOnce(Settings settings, HttpEndpoint http) {
        EtcdConnection etcd = settings.security().applyTo(EtcdConnection.builder(EtcdEndpoints.parse(settings.etcd())))
                .connectTimeout(settings.timeout()).build();
        try {
            EtcdCoordinatorSettings cs = EtcdCoordinatorSettings.defaults().withEndpoint(settings.etcd())
                    .withLeaseTtl(settings.leaseTtl()).withRequestTimeout(settings.timeout());
            // with --http, the coordinator's etcd requests, keep-alives and watch restarts go to the server's meters
            PrometheusMeterRegistry meters = http == null ? null
                    : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            if (meters != null) {
                cs = cs.withObserver(WindlassMetrics.etcdObserver(meters, Tags.empty()));
            }
            EtcdCoordinator coordinator;
            try {
                coordinator = EtcdCoordinator.create(etcd, settings.namespace(), cs);
            } catch (IllegalArgumentException e) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
            }
            Consumer consumer = Consumer.builder()
                    .nodeId(settings.nodeId())
                    .coordinator(coordinator)
                    .handlers(ExampleHandlers.registry())
                    .listener(new TransitionLog(settings.nodeId()))
                    .balanceInterval(settings.balanceInterval(), settings.balanceInterval().dividedBy(10))
                    .shutdownGrace(settings.shutdownGrace())
                    .build();
            consumer.start();
            WindlassHttpServer server = null;
            if (http != null) {
                try {
                    server = http.start(EtcdTaskClient.create(etcd, settings.namespace(), cs), consumer, coordinator,
                            meters);
                } catch (RuntimeException e) {
                    consumer.shutdownNow();
                    throw e;
                }
            }
            if (server != null) {
                LOG.info("node={} dashboard on {}", settings.nodeId(), http.dashboardUrl(server));
            }
            LOG.info("started node={} namespace={} etcd={} security={} lease-ttl={} balance-interval={}",
                    settings.nodeId(), settings.namespace(), settings.etcd(), settings.security().describe(),
                    settings.leaseTtl(), settings.balanceInterval());
            return new Worker(settings, etcd, consumer, server);
        } catch (RuntimeException e) {
            etcd.close();
            throw e;
        }
    }

    /**
     * Re-reads the etcd TLS files now (certificate rotation; what SIGHUP does): new connections to etcd use them if
     * they changed. See {@link EtcdConnection#reloadTls()}.
     */
    public boolean reloadTls() {
        return etcd.reloadTls();
    }

    /**
     * Makes SIGHUP call {@code reload} (e.g. a started worker's {@link #reloadTls()}; {@link Sighup}). Install it before
     * {@link #start} so that a SIGHUP during start-up does not stop the JVM. False where the JVM does not allow it
     * (logged).
     */
    public static boolean reloadTlsOnSighup(java.util.function.BooleanSupplier reload) {
        return Sighup.onSighup(reload);
    }

    public String nodeId() {
        return settings.nodeId();
    }

    /** Where the HTTP API listens, or null without one. */
    public InetSocketAddress httpAddress() {
        return http == null ? null : http.address();
    }

    /** Blocks until the node has stopped (after {@link #stop}, or on its own after a fatal error). */
    public void awaitStopped() throws InterruptedException {
        while (!consumer.awaitTermination(Duration.ofHours(1))) {
            LOG.debug("still running node={}", settings.nodeId());
        }
    }

    /** Graceful stop: releases every task (fenced), leaves the cluster, closes the etcd client. Idempotent. */
    public void stop() {
        LOG.info("stopping node={} tasks={}", settings.nodeId(), consumer.ownedTasks().size());
        consumer.shutdown();
        try {
            if (!consumer.awaitTermination(settings.shutdownGrace().plusSeconds(5))) {
                LOG.warn("stop-overdue node={}: stopping now", settings.nodeId());
                consumer.shutdownNow();
            }
        } catch (InterruptedException e) {
            consumer.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            if (http != null) {
                http.close();
            }
            etcd.close();
        }
        LOG.info("stopped node={}", settings.nodeId());
    }

    /** Stops at once without releasing (simulates a crash for tests: the claims expire with the lease). */
    public void crash() {
        consumer.shutdownNow();
        if (http != null) {
            http.close();
        }
        etcd.close();
    }
}
