package io.windlass.testing.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.testing.contract.RecordingListener;
import io.windlass.testing.embedded.ClusterFixture.Node;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class InMemoryClusterFaultsTest {
    private final ClusterFixture f = new ClusterFixture();

    private void assertUnavailable(CompletableFuture<?> future) {
        f.events.runAll();
        assertThat(future).isDone();
        assertThatThrownBy(future::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WindlassException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void aKilledNodesClaimsExpireAfterTheLeaseTtlOnVirtualTimeWithoutTellingIt() {
        Node n1 = f.start("n1");
        Node n2 = f.start("n2");
        f.submit("t1");
        Claim claim = f.claim(n1, "t1");
        f.cluster.killNode("n1");
        n2.events().clear();

        f.scheduler.advance(Duration.ofSeconds(9));
        assertThat(f.view("t1").owner()).isEqualTo("n1");
        assertThat(f.client.nodes()).extracting(NodeInfo::nodeId).containsExactly("n1", "n2");
        assertThat(n2.events().offered()).isEmpty();
        assertThatThrownBy(() -> f.cluster.coordinator().start("n1", new RecordingListener()))
                .isInstanceOfSatisfying(WindlassException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NODE_ID_TAKEN));
        assertUnavailable(n1.coordinator().claim("t1"));

        f.scheduler.advance(Duration.ofSeconds(1));
        assertThat(f.view("t1").owner()).isNull();
        assertThat(f.client.nodes()).extracting(NodeInfo::nodeId).containsExactly("n2");
        assertThat(n2.events().offered()).containsExactly("t1");
        assertThat(n1.events().lost()).isEmpty();
        WriteResult late = f.write(n1, claim, claim.state(), ClusterFixture.next(claim.state(), StateCode.PAUSED), false);
        assertThat(late).isInstanceOfSatisfying(WriteResult.Failed.class,
                r -> assertThat(r.error().code()).isEqualTo(ErrorCode.UNAVAILABLE));

        Node again = f.start("n1");
        assertThat(again.events().offered()).containsExactly("t1");
        n1.coordinator().close();
        assertThat(f.client.nodes()).extracting(NodeInfo::nodeId).containsExactly("n1", "n2");
    }

    @Test
    void aKilledNodeHearsNothingMore() {
        Node n1 = f.start("n1");
        Node n2 = f.start("n2");
        f.submit("t1");
        f.claim(n1, "t1");
        f.cluster.killNode("n1");
        f.submit("t2");
        f.client.command("t1", Command.pause());
        f.client.nodeCommand("n1", "freeze", null);
        f.events.runAll();
        assertThat(n1.events().events()).extracting(Object::toString).noneMatch(s -> s.contains("t2"));
        assertThat(n1.events().commands("t1")).isEmpty();
        assertThat(n1.events().nodeCommands()).isEmpty();
        assertThat(n2.events().offered()).contains("t2");
    }

    @Test
    void theLeaseTtlIsConfigurable() {
        ClusterFixture slow = new ClusterFixture(Duration.ofMinutes(1));
        Node n1 = slow.start("n1");
        slow.submit("t1");
        slow.claim(n1, "t1");
        slow.cluster.killNode("n1");
        slow.scheduler.advance(Duration.ofSeconds(59));
        assertThat(slow.view("t1").owner()).isEqualTo("n1");
        slow.scheduler.advance(Duration.ofSeconds(1));
        assertThat(slow.view("t1").owner()).isNull();
        assertThat(slow.cluster.leaseTtl()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void expireClaimTellsTheLiveOwnerAndOffersTheTask() {
        Node n1 = f.start("n1");
        Node n2 = f.start("n2");
        f.submit("t1");
        Claim claim = f.claim(n1, "t1");
        n2.events().clear();
        assertThat(f.cluster.expireClaim("t1")).isTrue();
        f.events.runAll();
        assertThat(n1.events().lost()).containsExactly(new RecordingListener.Lost("t1", claim.fence()));
        assertThat(n2.events().offered()).containsExactly("t1");
        assertThat(f.cluster.expireClaim("t1")).isFalse();
        assertThat(f.cluster.expireClaim("unknown")).isFalse();
    }

    @Test
    void aShortPartitionKeepsTheClaimsAndReplaysWhatWasMissed() {
        Node n1 = f.start("n1");
        f.submit("t1");
        Claim claim = f.claim(n1, "t1");
        f.cluster.partitionNode("n1");
        String command = f.client.command("t1", Command.pause());
        String nodeCommand = f.client.nodeCommand("n1", "balance", null);
        f.submit("t2");
        assertUnavailable(n1.coordinator().nodes());
        assertThat(n1.events().commands("t1")).isEmpty();

        f.scheduler.advance(Duration.ofSeconds(5));
        f.cluster.healNode("n1");
        f.events.runAll();
        assertThat(n1.events().commands("t1")).extracting(c -> c.id()).containsExactly(command);
        assertThat(n1.events().nodeCommands()).extracting(c -> c.id()).containsExactly(nodeCommand);
        assertThat(n1.events().offered()).contains("t2");
        assertThat(f.write(n1, claim, claim.state(), ClusterFixture.next(claim.state(), StateCode.PAUSED), false))
                .isInstanceOf(WriteResult.Committed.class);
        f.scheduler.advance(Duration.ofMinutes(1));
        assertThat(f.view("t1").owner()).as("the cancelled expiry never fires").isEqualTo("n1");
    }

    @Test
    void claimsLostWhileCutOffAreReportedOnHealOrAtTheLeaseDeadline() {
        Node n1 = f.start("n1");
        f.submit("t1", "t2", "t3");
        Claim c1 = f.claim(n1, "t1");
        Claim c2 = f.claim(n1, "t2");
        f.claim(n1, "t3");
        f.cluster.partitionNode("n1");
        f.client.delete("t1");
        f.cluster.expireClaim("t2");
        f.events.runAll();
        assertThat(n1.events().lost()).isEmpty();
        f.cluster.healNode("n1");
        f.events.runAll();
        assertThat(n1.events().lost()).containsExactly(new RecordingListener.Lost("t1", c1.fence()),
                new RecordingListener.Lost("t2", c2.fence()));

        n1.events().clear();
        Claim again = f.claim(n1, "t2");
        f.cluster.partitionNode("n1");
        f.cluster.expireClaim("t2");
        f.scheduler.advance(Duration.ofSeconds(10));
        assertThat(n1.events().lost()).extracting(RecordingListener.Lost::taskId).containsExactly("t2", "t3");
        assertThat(n1.events().lost().get(0).fence()).isEqualTo(again.fence());
    }

    @Test
    void aLongPartitionLosesTheClaimsLocallyAndRejoinsEmptyHanded() {
        Node n1 = f.start("n1");
        Node n2 = f.start("n2");
        f.submit("t1");
        Claim claim = f.claim(n1, "t1");
        f.cluster.partitionNode("n1");

        f.scheduler.advance(Duration.ofSeconds(10));
        assertThat(n1.events().lost()).containsExactly(new RecordingListener.Lost("t1", claim.fence()));
        f.claim(n2, "t1");
        assertThat(f.client.nodes()).extracting(NodeInfo::nodeId).containsExactly("n2");

        f.cluster.healNode("n1");
        f.events.runAll();
        assertThat(f.client.nodes()).extracting(NodeInfo::nodeId, NodeInfo::claims)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("n1", 0), org.assertj.core.groups.Tuple.tuple("n2", 1));
        assertThat(f.write(n1, claim, claim.state(), ClusterFixture.next(claim.state(), StateCode.PAUSED), false))
                .isInstanceOf(WriteResult.FenceLost.class);
        assertThatThrownBy(() -> f.cluster.healNode("n1")).isInstanceOf(WindlassException.class);
    }

    @Test
    void aNodeClosedWhileCutOffIsNeverHealedAndItsLeaseRunsOut() {
        Node n1 = f.start("n1");
        Node n2 = f.start("n2");
        f.submit("t1");
        f.claim(n1, "t1");
        f.cluster.partitionNode("n1");
        n1.coordinator().close();
        assertThatThrownBy(() -> f.cluster.healNode("n1")).isInstanceOf(WindlassException.class);
        assertThat(f.view("t1").owner()).isEqualTo("n1");
        f.scheduler.advance(Duration.ofSeconds(10));
        assertThat(f.view("t1").owner()).isNull();
        assertThat(n2.events().offered()).contains("t1");
        assertThat(f.client.nodes()).extracting(NodeInfo::nodeId).containsExactly("n2");
        assertThat(n1.events().lost()).as("a closed coordinator reports nothing").isEmpty();
    }

    @Test
    void aCorruptStateIsQuarantinedNotClaimedNotOfferedAndFailsTheOwnersWrite() {
        Node n1 = f.start("n1");
        f.submit("t1", "t2");
        Claim claim = f.claim(n1, "t1");
        byte[] junk = "{not json".getBytes(StandardCharsets.UTF_8);
        f.cluster.corruptState("t1", junk);

        TaskView view = f.view("t1");
        assertThat(view.state()).isNull();
        assertThat(view.task()).isNotNull();
        assertThat(view.quarantine().key()).isEqualTo("/ns/state/t1");
        assertThat(view.quarantine().raw()).isEqualTo(junk);
        assertThat(view.quarantine().reason()).contains("undecodable state");
        assertThat(f.write(n1, claim, claim.state(), ClusterFixture.next(claim.state(), StateCode.PAUSED), false))
                .isInstanceOf(WriteResult.FenceLost.class);
        assertThat(f.await(n1.coordinator().release("t1", claim.fence()))).isTrue();
        assertThat(f.await(n1.coordinator().claim("t1"))).isInstanceOfSatisfying(ClaimResult.NotClaimed.class,
                r -> assertThat(r.reason()).contains("quarantined"));
        assertThatThrownBy(() -> f.client.command("t1", Command.pause())).isInstanceOfSatisfying(
                WindlassException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DECODE_FAILED));

        Node n2 = f.start("n2");
        assertThat(n2.events().offered()).containsExactly("t2");
        assertThatThrownBy(() -> f.cluster.corruptState("nope", junk)).isInstanceOf(WindlassException.class);
    }

    @Test
    void aCorruptTaskRecordIsListedWithItsRawBytes() {
        f.cluster.corruptTask("bad", new byte[] {1, 2, 3});
        f.submit("good");
        Node n1 = f.start("n1");
        assertThat(n1.events().offered()).containsExactly("good");
        TaskView bad = f.view("bad");
        assertThat(bad.task()).isNull();
        assertThat(bad.quarantine().key()).isEqualTo("/ns/tasks/bad");
        assertThat(bad.quarantine().raw()).containsExactly(1, 2, 3);
        assertThat(f.client.list(io.windlass.consumer.client.TaskFilter.all())).extracting(TaskView::id)
                .containsExactly("bad", "good");
        assertThat(f.await(n1.coordinator().claim("bad"))).isInstanceOf(ClaimResult.NotClaimed.class);
    }

    @Test
    void faultHooksRejectUnknownNodes() {
        assertThatThrownBy(() -> f.cluster.killNode("ghost")).isInstanceOf(WindlassException.class);
        assertThatThrownBy(() -> f.cluster.partitionNode("ghost")).isInstanceOf(WindlassException.class);
        assertThatThrownBy(() -> f.cluster.healNode("ghost")).isInstanceOf(WindlassException.class);
    }
}
