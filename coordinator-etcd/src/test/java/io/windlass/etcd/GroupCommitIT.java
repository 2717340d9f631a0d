package io.windlass.etcd;

import static io.windlass.etcd.EtcdTesting.await;
import static io.windlass.etcd.EtcdTesting.claim;
import static io.windlass.etcd.EtcdTesting.props;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Group commit on real etcd: a mix of valid and stale writes in the same batches; each learns its own outcome. */
class GroupCommitIT extends EtcdFixture {
    private static final int TASKS = 120;

    GroupCommitIT() {
        super("gc");
    }

    @Test
    void nestedBatchesGiveEveryWriteItsOwnOutcome() {
        Set<Long> revisions = run(EtcdTesting.settings().withBatching(64, Duration.ofMillis(5), 2));
        assertThat(revisions.size()).as("writes shared outer txns").isLessThan(TASKS / 2);
    }

    @Test
    void batchSizeOneSendsOneTxnPerWrite() {
        Set<Long> revisions = run(EtcdTesting.settings().withBatching(1, Duration.ofMillis(1), 4));
        assertThat(revisions).as("one revision per committed write").hasSize(expectedCommitted());
    }

    private static int expectedCommitted() {
        return (int) java.util.stream.IntStream.range(0, TASKS).filter(i -> i % 5 != 0).count();
    }

    /** Every 5th write is stale (wrong expected revision, or wrong fence); returns the revisions of the committed. */
    private Set<Long> run(EtcdCoordinatorSettings settings) {
        EtcdTesting.Node n1 = t.start(ns, "n1", settings, ETCD.client());
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            client.submit("t" + i, "contract", props("t" + i));
            claims.add(claim(n1, "t" + i));
        }
        List<CompletableFuture<WriteResult>> results = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            Claim c = claims.get(i);
            boolean stale = i % 5 == 0;
            boolean finish = i % 7 == 1;
            long fence = stale && i % 10 == 0 ? c.fence() + 100_000 : c.fence();
            long expected = stale && i % 10 != 0 ? c.state().revision() - 1 : c.state().revision();
            TaskState next = finish ? new TaskState(StateCode.COMPLETED, null, List.of(), null, 1)
                    : new TaskState(StateCode.RUNNABLE, null, List.of(), null, 1);
            results.add(n1.coordinator().write(new StateWrite(c.task().id(), fence, expected, next, List.of(),
                    i % 3 == 2, finish)));
        }
        Set<Long> revisions = new HashSet<>();
        for (int i = 0; i < TASKS; i++) {
            WriteResult r = await(results.get(i));
            if (i % 5 == 0) {
                assertThat(r).as("stale write %d", i).isInstanceOf(WriteResult.FenceLost.class);
                assertThat(client.get("t" + i).orElseThrow().state().state().version()).isZero();
            } else {
                assertThat(r).as("valid write %d", i).isInstanceOf(WriteResult.Committed.class);
                long rev = ((WriteResult.Committed) r).state().revision();
                revisions.add(rev);
                var view = client.get("t" + i).orElseThrow();
                assertThat(view.state().revision()).isEqualTo(rev);
                assertThat(view.state().writerFence()).isEqualTo(claims.get(i).fence());
                boolean released = i % 3 == 2 || i % 7 == 1;
                assertThat(view.owner()).as("owner of t%d", i).isEqualTo(released ? null : "n1");
            }
        }
        return revisions;
    }
}
