package io.windlass.etcd;

import static io.windlass.etcd.EtcdTesting.await;
import static io.windlass.etcd.EtcdTesting.awaitUntil;
import static io.windlass.etcd.EtcdTesting.claim;
import static io.windlass.etcd.EtcdTesting.props;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.testing.contract.RecordingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A claim the node deletes itself (finishing write, releasing write, release) is not reported as lost, even when the
 * watch's delete event overtakes the write's answer; a claim deleted by someone else still is, also while the node's
 * own release of it is in flight.
 */
class OwnClaimDeletesIT extends EtcdFixture {
    private static final int TASKS = 30;

    OwnClaimDeletesIT() {
        super("own");
    }

    @Test
    void ownFinishingReleasingWritesAndReleasesAreNeverReportedAsLostClaims() {
        EtcdTesting.Node n1 = t.start(ns, "n1");
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            client.submit("t" + i, "contract", props("t" + i));
            claims.add(claim(n1, "t" + i));
        }
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            Claim c = claims.get(i);
            String id = c.task().id();
            switch (i % 3) {
                case 0 -> sent.add(n1.coordinator().write(new StateWrite(id, c.fence(), c.state().revision(),
                        new TaskState(StateCode.COMPLETED, null, List.of(), null, 1), List.of(), false, true)));
                case 1 -> sent.add(n1.coordinator().write(new StateWrite(id, c.fence(), c.state().revision(),
                        new TaskState(StateCode.RUNNABLE, null, List.of(), null, 1), List.of(), true, false)));
                default -> sent.add(n1.coordinator().release(id, c.fence()));
            }
        }
        for (CompletableFuture<?> f : sent) {
            Object r = await(f);
            assertThat(r).satisfiesAnyOf(x -> assertThat(x).isInstanceOf(WriteResult.Committed.class),
                    x -> assertThat(x).isEqualTo(Boolean.TRUE));
        }
        // the watch is ordered: once a task submitted afterwards is offered, every claim delete has been routed
        client.submit("after", "contract", props("after"));
        awaitUntil("later task offered", () -> n1.events().offered().contains("after"));
        assertThat(n1.events().lost()).as("own deletes are not lost claims").isEmpty();
        for (Claim c : claims) {
            assertThat(t.get(keys.claim(c.task().id()))).isNull();
        }
    }

    @Test
    void aClaimDeletedBySomeoneElseWhileTheOwnReleaseIsInFlightIsReportedLost() {
        EtcdTesting.Node n1 = t.start(ns, "n1");
        client.submit("t1", "contract", props("t1"));
        Claim c = claim(n1, "t1");
        t.delete(keys.claim("t1"));
        assertThat(await(n1.coordinator().release("t1", c.fence()))).as("not ours to release any more").isFalse();
        awaitUntil("claimLost", () -> n1.events().lost().contains(new RecordingListener.Lost("t1", c.fence())));
        client.submit("after", "contract", props("after"));
        awaitUntil("later task offered", () -> n1.events().offered().contains("after"));
        assertThat(n1.events().lost()).as("once").containsExactly(new RecordingListener.Lost("t1", c.fence()));
    }

    @Test
    void aClaimDeletedBySomeoneElseWhileTheOwnFinishingWriteIsInFlightIsReportedLost() {
        EtcdTesting.Node n1 = t.start(ns, "n1");
        client.submit("t1", "contract", props("t1"));
        Claim c = claim(n1, "t1");
        t.delete(keys.claim("t1"));
        WriteResult r = await(n1.coordinator().write(new StateWrite("t1", c.fence(), c.state().revision(),
                new TaskState(StateCode.COMPLETED, null, List.of(), null, 1), List.of(), false, true)));
        assertThat(r).isInstanceOf(WriteResult.FenceLost.class);
        awaitUntil("claimLost", () -> n1.events().lost().contains(new RecordingListener.Lost("t1", c.fence())));
        assertThat(t.get(keys.done("t1"))).isNull();
    }
}
