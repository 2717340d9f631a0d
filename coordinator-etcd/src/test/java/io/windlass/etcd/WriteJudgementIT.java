package io.windlass.etcd;

import static io.windlass.etcd.EtcdTesting.await;
import static io.windlass.etcd.EtcdTesting.claim;
import static io.windlass.etcd.EtcdTesting.props;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a write whose guard failed is judged: "the stored state is ours" means committed only when the state key moved
 * past the write's expected revision and the commands it acknowledges are gone (an earlier attempt committed). A
 * write of an UNCHANGED state (acknowledging a rejected command) whose guard failed for another reason is not.
 */
class WriteJudgementIT extends EtcdFixture {
    private static final Instant BASE = Instant.parse("2100-01-01T00:00:00Z");

    private EtcdTesting.Node n1;
    private Claim c;
    private long r1;
    private final TaskState s1 = new TaskState(StateCode.RUNNABLE, null, List.of(), null, 1);

    WriteJudgementIT() {
        super("wj");
    }

    /** n1 owns t1 and has written s1 (revision r1) under its fence. */
    @BeforeEach
    void setUp() {
        n1 = t.start(ns, "n1");
        client.submit("t1", "contract", props("t1"));
        c = claim(n1, "t1");
        r1 = committed(write(c.state().revision(), List.of()));
    }

    @Test
    void anUnchangedStateAckWhoseClaimWasDeletedIsFenceLostAndTheCommandStays() {
        String cmd = client.command("t1", Command.sleepUntil(BASE));
        t.delete(keys.claim("t1"));
        assertThat(write(r1, List.of(cmd))).isInstanceOfSatisfying(WriteResult.FenceLost.class,
                f -> assertThat(f.reason()).contains("claim is gone"));
        assertThat(t.get(keys.command("t1", cmd))).as("command not acknowledged").isNotNull();
    }

    @Test
    void anUnchangedStateAckAfterAnotherNodeTookTheTaskIsFenceLostNamingIt() {
        String cmd = client.command("t1", Command.sleepUntil(BASE));
        t.delete(keys.claim("t1"));
        EtcdTesting.Node n2 = t.start(ns, "n2");
        claim(n2, "t1");
        assertThat(write(r1, List.of(cmd))).isInstanceOfSatisfying(WriteResult.FenceLost.class,
                f -> assertThat(f.reason()).contains("claimed by n2"));
        assertThat(t.get(keys.command("t1", cmd))).isNotNull();
    }

    @Test
    void repeatingACommittedWriteIsCommittedAtTheSameRevision() {
        String cmd = client.command("t1", Command.sleepUntil(BASE));
        TaskState s2 = new TaskState(StateCode.RUNNABLE, null, List.of(), null, 2);
        StateWrite w = new StateWrite("t1", c.fence(), r1, s2, List.of(cmd), false, false);
        long r2 = committed(await(n1.coordinator().write(w)));
        assertThat(r2).isGreaterThan(r1);
        assertThat(committed(await(n1.coordinator().write(w)))).as("idempotent retry").isEqualTo(r2);
        assertThat(t.get(keys.command("t1", cmd))).isNull();
    }

    @Test
    void aStaleUnchangedStateAckWhoseCommandIsStillStoredIsNotCommitted() {
        String cmd = client.command("t1", Command.sleepUntil(BASE));
        assertThat(write(c.state().revision(), List.of(cmd))).as("expected revision is stale")
                .isInstanceOfSatisfying(WriteResult.FenceLost.class,
                        f -> assertThat(f.reason()).contains("state moved"));
        assertThat(t.get(keys.command("t1", cmd))).isNotNull();
        assertThat(committed(write(r1, List.of(cmd)))).as("the same ack at the current revision").isGreaterThan(r1);
        assertThat(t.get(keys.command("t1", cmd))).isNull();
    }

    private WriteResult write(long expected, List<String> acks) {
        return await(n1.coordinator().write(new StateWrite("t1", c.fence(), expected, s1, acks, false, false)));
    }

    private static long committed(WriteResult r) {
        assertThat(r).isInstanceOf(WriteResult.Committed.class);
        return ((WriteResult.Committed) r).state().revision();
    }
}
