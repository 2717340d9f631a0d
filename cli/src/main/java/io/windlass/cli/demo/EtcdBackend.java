package io.windlass.cli.demo;

import io.windlass.cli.support.Closeables;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.etcd.EtcdConnection;
import io.windlass.etcd.EtcdCoordinator;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.etcd.EtcdTaskClient;
import io.windlass.cli.support.EtcdEndpoints;
import java.time.Duration;

/** The demo on a real etcd: one etcd connection shared by the demo's client and every node's coordinator. */
final class EtcdBackend implements DemoBackend {
    private final EtcdConnection etcd;
    private final EtcdCoordinatorSettings settings;
    private final String namespace;
    private final EtcdTaskClient client;
    private final String endpoint;

    private EtcdBackend(EtcdConnection etcd, EtcdCoordinatorSettings settings, String namespace, String endpoint) {
        this.etcd = etcd;
        this.settings = settings;
        this.namespace = namespace;
        this.endpoint = endpoint;
        this.client = EtcdTaskClient.create(etcd, namespace, settings);
    }

    static EtcdBackend open(String endpoint, String namespace, Duration leaseTtl) {
        EtcdConnection etcd = EtcdConnection.open(EtcdEndpoints.parse(endpoint));
        EtcdCoordinatorSettings settings = EtcdCoordinatorSettings.defaults().withEndpoint(endpoint)
                .withLeaseTtl(leaseTtl);
        try {
            return new EtcdBackend(etcd, settings, namespace, endpoint);
        } catch (RuntimeException e) {
            etcd.close();
            throw e;
        }
    }

    @Override
    public Coordinator coordinator() {
        return EtcdCoordinator.create(etcd, namespace, settings);
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
        Closeables.closeAll(client, etcd);
    }
}
