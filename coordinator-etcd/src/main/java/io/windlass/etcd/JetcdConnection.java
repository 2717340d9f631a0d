package io.windlass.etcd;

import io.etcd.jetcd.Client;
import io.windlass.consumer.spi.DaemonThreads;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link EtcdConnection} owning one jetcd client, and the watcher of its TLS files when it has any. */
final class JetcdConnection implements EtcdConnection {
    private static final Logger LOG = LoggerFactory.getLogger(JetcdConnection.class);

    private final List<String> endpoints;
    private final Client client;
    private final String identity;
    private final ReloadingTls tls;
    private final ScheduledExecutorService watcher;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param identity       who etcd sees (user or certificate CN), null when not authenticating
     * @param tls            the TLS files the client's handshakes read, or null
     * @param reloadInterval how often to check them ({@link Duration#ZERO}: never, only {@link #reloadTls()})
     */
    JetcdConnection(List<String> endpoints, Client client, String identity, ReloadingTls tls,
                    Duration reloadInterval) {
        this.endpoints = List.copyOf(endpoints);
        this.client = client;
        this.identity = identity;
        this.tls = tls;
        if (identity != null) {
            EtcdClients.rememberIdentity(client, identity);
        }
        if (tls != null && !reloadInterval.isZero()) {
            watcher = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("windlass-etcd-tls-files"));
            long millis = Math.max(1, reloadInterval.toMillis());
            watcher.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
        } else {
            watcher = null;
        }
    }

    private void check() {
        try {
            tls.reload();
        } catch (RuntimeException e) {
            LOG.warn("checking the etcd TLS files failed; trying again later", e);
        }
    }

    @Override
    public boolean reloadTls() {
        return tls != null && !closed.get() && tls.reload();
    }

    @Override
    public Optional<String> identity() {
        return Optional.ofNullable(identity);
    }

    @Override
    public List<String> endpoints() {
        return endpoints;
    }

    @Override
    public Client jetcd() {
        return client;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (watcher != null) {
                watcher.shutdownNow();
            }
            client.close();
        }
    }
}
