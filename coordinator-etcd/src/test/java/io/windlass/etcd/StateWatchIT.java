package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.consumer.client.StateChange;
import io.windlass.consumer.client.Subscription;
import io.windlass.statemachine.StateCode;
import io.windlass.testing.etcd.EtcdExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code EtcdTaskClient.watchStates} delivers every state change of the namespace (regression: it delivered none). */
class StateWatchIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    @Test
    void deliversCreatesAndDeletesOfTheNamespaceOnly() {
        try (EtcdConnection etcd = EtcdConnection.open(ETCD.endpoints().get(0));
             EtcdTaskClient client = EtcdTaskClient.create(etcd, "sw", EtcdCoordinatorSettings.defaults());
             EtcdTaskClient other = EtcdTaskClient.create(etcd, "sw2", EtcdCoordinatorSettings.defaults())) {
            List<StateChange> seen = new CopyOnWriteArrayList<>();
            try (Subscription s = client.watchStates(seen::add, e -> { })) {
                client.submit("a1", "t", JsonNodeFactory.instance.objectNode());
                other.submit("b1", "t", JsonNodeFactory.instance.objectNode());
                client.delete("a1");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (seen.size() < 2 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
            }
            assertThat(seen).hasSize(2).allMatch(c -> c.taskId().equals("a1"));
            assertThat(seen.get(0).before()).isNull();
            assertThat(seen.get(0).after().state().code()).isEqualTo(StateCode.RUNNABLE);
            assertThat(seen.get(1).after()).isNull();
            assertThat(seen.get(1).before().state().code()).isEqualTo(StateCode.RUNNABLE);
            assertThat(seen.get(1).revision()).isGreaterThan(seen.get(0).revision());
        }
    }
}
