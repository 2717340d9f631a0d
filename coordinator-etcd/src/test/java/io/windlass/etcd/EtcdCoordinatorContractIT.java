package io.windlass.etcd;

import io.etcd.jetcd.Client;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.testing.contract.CoordinatorContract;
import io.windlass.testing.etcd.EtcdExtension;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The coordinator contract on a real etcd: one etcd per class, a fresh namespace per test. */
class EtcdCoordinatorContractIT extends CoordinatorContract {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static Client jetcd;

    private String namespace;
    private EtcdTaskClient client;

    @BeforeAll
    static void connect() {
        jetcd = EtcdTesting.warm(EtcdClients.connect(ETCD.endpoints().toArray(String[]::new)));
    }

    @AfterAll
    static void disconnect() {
        jetcd.close();
    }

    @BeforeEach
    void freshNamespace() {
        namespace = "contract" + NAMESPACES.incrementAndGet();
        client = EtcdTaskClient.create(jetcd, namespace, EtcdTesting.settings());
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Override
    protected Coordinator newCoordinator() {
        return EtcdCoordinator.create(jetcd, namespace, EtcdTesting.settings());
    }

    @Override
    protected TaskClient client() {
        return client;
    }

    @Override
    protected void expireClaim(String taskId) {
        try {
            jetcd.getKVClient().delete(new Keys(namespace).claim(taskId)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not delete the claim of " + taskId, e);
        }
    }
}
