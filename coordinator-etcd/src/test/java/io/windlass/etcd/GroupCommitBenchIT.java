package io.windlass.etcd;

import static io.windlass.etcd.EtcdTesting.await;
import static io.windlass.etcd.EtcdTesting.claim;
import static io.windlass.etcd.EtcdTesting.props;
import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.Client;
import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Manual benchmark (run with {@code -Dwindlass.bench=true -Dit.test=GroupCommitBenchIT}): fenced transitions per
 * second with group commit (K=64, 4 batches in flight) vs one txn per write (K=1, 64 txns in flight), each task
 * writing in a loop (one write in flight per
 * task, as a TaskRunner does). Prints the numbers; asserts only that every write committed.
 */
@EnabledIfSystemProperty(named = "windlass.bench", matches = "true")
class GroupCommitBenchIT {
    @RegisterExtension
    final EtcdExtension etcd = EtcdExtension.builder().build();

    @Test
    void groupCommitVersusOneTxnPerWrite() {
        try (Client jetcd = EtcdTesting.warm(EtcdClients.connect(etcd.endpoints().toArray(String[]::new)))) {
            for (int k : new int[] {1, 64, 1, 64}) {
                double rate = run(jetcd, k, 256, 12);
                System.out.printf("group commit K=%d: %.0f transitions/s%n", k, rate);
            }
        }
    }

    private double run(Client jetcd, int k, int tasks, int rounds) {
        try (EtcdTesting t = new EtcdTesting(jetcd)) {
            String ns = EtcdTesting.freshNamespace("bench" + k + "-");
            EtcdTaskClient client = t.client(ns);
            EtcdTesting.Node n = t.start(ns, "n1",
                    EtcdTesting.settings().withBatching(k, Duration.ofMillis(2), k == 1 ? 64 : 4),
                    jetcd);
            List<Claim> claims = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                client.submit("b" + i, "bench", props("b" + i));
                claims.add(claim(n, "b" + i));
            }
            long start = System.nanoTime();
            List<CompletableFuture<StoredState>> loops = new ArrayList<>();
            for (Claim c : claims) {
                CompletableFuture<StoredState> f = CompletableFuture.completedFuture(c.state());
                for (int r = 0; r < rounds; r++) {
                    f = f.thenCompose(s -> n.coordinator().write(new StateWrite(c.task().id(), c.fence(),
                            s.revision(), new TaskState(StateCode.RUNNABLE, null, List.of(), null,
                            s.state().version() + 1), List.of(), false, false))
                            .thenApply(w -> ((WriteResult.Committed) w).state()));
                }
                loops.add(f);
            }
            for (CompletableFuture<StoredState> f : loops) {
                assertThat(await(f).state().version()).isEqualTo(rounds);
            }
            return tasks * rounds / ((System.nanoTime() - start) / 1e9);
        }
    }
}
