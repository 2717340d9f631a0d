package io.windlass.etcd;

import io.etcd.jetcd.Client;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@link EtcdConnection} owning one jetcd client. */
final class JetcdConnection implements EtcdConnection {
    private final List<String> endpoints;
    private final Client client;
    private final String identity;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param identity who etcd sees (user or certificate CN), null when not authenticating */
    JetcdConnection(List<String> endpoints, Client client, String identity) {
        this.endpoints = List.copyOf(endpoints);
        this.client = client;
        this.identity = identity;
        if (identity != null) {
            EtcdClients.rememberIdentity(client, identity);
        }
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
            client.close();
        }
    }
}
