package io.windlass.etcd;

import io.etcd.jetcd.Client;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@link EtcdConnection} owning one jetcd client. */
final class JetcdConnection implements EtcdConnection {
    private final List<String> endpoints;
    private final Client client;
    private final AtomicBoolean closed = new AtomicBoolean();

    JetcdConnection(List<String> endpoints, Client client) {
        this.endpoints = List.copyOf(endpoints);
        this.client = client;
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
