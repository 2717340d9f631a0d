package io.windlass.etcd;

import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.testing.contract.CoordinatorContract;
import io.windlass.testing.etcd.EtcdExtension;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The coordinator contract on a real etcd: one etcd per class, a fresh namespace per test. */
class EtcdCoordinatorContractIT extends CoordinatorContract {
    @RegisterExtension
    static final EtcdWithClient ETCD = new EtcdWithClient(EtcdExtension.builder().build());
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private String namespace;
    private EtcdTaskClient client;

    @BeforeEach
    void freshNamespace() {
        namespace = "contract" + NAMESPACES.incrementAndGet();
        client = EtcdTaskClient.create(ETCD.client(), namespace, EtcdTesting.settings());
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Override
    protected Coordinator newCoordinator() {
        return EtcdCoordinator.create(ETCD.client(), namespace, EtcdTesting.settings());
    }

    @Override
    protected TaskClient client() {
        return client;
    }

    @Override
    protected void expireClaim(String taskId) {
        try {
            ETCD.client().getKVClient().delete(new Keys(namespace).claim(taskId)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not delete the claim of " + taskId, e);
        }
    }
}
