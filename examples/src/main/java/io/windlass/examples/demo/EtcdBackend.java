package io.windlass.examples.demo;

import io.etcd.jetcd.Client;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.etcd.EtcdClients;
import io.windlass.etcd.EtcdCoordinator;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.etcd.EtcdTaskClient;
import io.windlass.examples.support.EtcdEndpoints;
import java.time.Duration;

/** The demo on a real etcd: one jetcd client shared by the demo's client and every node's coordinator. */
final class EtcdBackend implements DemoBackend {
    private final Client jetcd;
    private final EtcdCoordinatorSettings settings;
    private final String namespace;
    private final EtcdTaskClient client;
    private final String endpoint;

    private EtcdBackend(Client jetcd, EtcdCoordinatorSettings settings, String namespace, String endpoint) {
        this.jetcd = jetcd;
        this.settings = settings;
        this.namespace = namespace;
        this.endpoint = endpoint;
        this.client = EtcdTaskClient.create(jetcd, namespace, settings);
    }

    static EtcdBackend open(String endpoint, String namespace, Duration leaseTtl) {
        Client jetcd = EtcdClients.connect(EtcdEndpoints.parse(endpoint));
        EtcdCoordinatorSettings settings = EtcdCoordinatorSettings.defaults().withEndpoint(endpoint)
                .withLeaseTtl(leaseTtl);
        try {
            return new EtcdBackend(jetcd, settings, namespace, endpoint);
        } catch (RuntimeException e) {
            jetcd.close();
            throw e;
        }
    }

    @Override
    public Coordinator coordinator() {
        return EtcdCoordinator.create(jetcd, namespace, settings);
    }

    @Override
    public TaskClient client() {
        return client;
    }

    @Override
    public String describe() {
        return "etcd at " + endpoint;
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            jetcd.close();
        }
    }
}
