package io.windlass.http;

import static io.windlass.http.HttpCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.etcd.EtcdConnection;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.etcd.EtcdTaskClient;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The task counts aggregate on real etcd: the initial list, then the watch; deletes; a rebuild after close. */
class StateCountsIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    @Test
    void countsFollowSubmitsCommandsAndDeletes() {
        ScheduledExecutorService scheduler = ServerThreads.scheduler();
        try (EtcdConnection etcd = EtcdConnection.open(ETCD.endpoints().get(0));
             EtcdTaskClient client = EtcdTaskClient.create(etcd, "counts", EtcdCoordinatorSettings.defaults())) {
            client.submit("before-1", "t", JsonNodeFactory.instance.objectNode());
            client.submit("before-2", "t", JsonNodeFactory.instance.objectNode());
            StateCounts counts = new StateCounts(client, scheduler, Duration.ofMillis(200));
            counts.start();
            await("synced", Duration.ofSeconds(20), counts::synced);
            assertThat(counts.snapshot().byState().get(StateCode.RUNNABLE)).isEqualTo(2);

            client.submit("after-1", "t", JsonNodeFactory.instance.objectNode());
            await("after-1 counted", Duration.ofSeconds(20), () -> counts.snapshot().total() == 3);
            client.command("after-1", Command.kill()); // unowned: stays stored, the state does not change
            client.delete("before-1");
            await("before-1 gone", Duration.ofSeconds(20), () -> counts.snapshot().total() == 2
                    && counts.entry("before-1").isEmpty() && counts.entry("after-1").isPresent());
            counts.close();
            assertThat(counts.synced()).isFalse();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
