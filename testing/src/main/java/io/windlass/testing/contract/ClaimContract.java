package io.windlass.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.CoordinatorListener;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The claim and fenced-write half of the coordinator contract (see {@link CoordinatorContract}, which subclasses
 * extend), including how the commands of a task being claimed are delivered (see
 * {@link io.windlass.consumer.spi.Coordinator#claim}).
 */
public abstract class ClaimContract extends ContractSupport {

    @Test
    void aSubmittedTaskIsOfferedToEveryNodeAndOnlyOneClaimWins() {
        Node n1 = startNode("n1");
        Node n2 = startNode("n2");
        submit("t1");
        awaitOffered(n1, "t1");
        awaitOffered(n2, "t1");

        CompletableFuture<ClaimResult> first = n1.coordinator().claim("t1");
        CompletableFuture<ClaimResult> second = n2.coordinator().claim("t1");
        List<ClaimResult> results = List.of(await(first), await(second));

        assertThat(results).filteredOn(ClaimResult.Claimed.class::isInstance).hasSize(1);
        assertThat(results).filteredOn(ClaimResult.NotClaimed.class::isInstance).hasSize(1);
        Claim claim = results.stream().filter(ClaimResult.Claimed.class::isInstance)
                .map(r -> ((ClaimResult.Claimed) r).claim()).findFirst().orElseThrow();
        String winner = results.get(0) instanceof ClaimResult.Claimed ? "n1" : "n2";
        TaskView view = view("t1");
        assertThat(view.owner()).isEqualTo(winner);
        assertThat(view.fence()).isEqualTo(claim.fence());
        assertThat(claim.task().id()).isEqualTo("t1");
        assertThat(claim.task().type()).isEqualTo("contract");
        assertThat(claim.state().state()).isEqualTo(TaskState.initial());
        assertThat(claim.pending()).isEmpty();
    }

    @Test
    void aClaimedUnknownOrAlreadyOwnedTaskIsNotClaimable() {
        Node n1 = startNode("n1");
        assertNotClaimable(n1, "nope");
        submit("t1");
        claim(n1, "t1");
        assertNotClaimable(n1, "t1");
        Node n2 = startNode("n2");
        assertNotClaimable(n2, "t1");
    }

    @Test
    void fencesStrictlyIncreaseAcrossClaimReleaseAndClaim() {
        Node n1 = startNode("n1");
        Node n2 = startNode("n2");
        submit("t1");
        submit("t2");
        Claim a = claim(n1, "t1");
        assertThat(await(n1.coordinator().release("t1", a.fence()))).isTrue();
        Claim b = claim(n2, "t1");
        assertThat(await(n2.coordinator().release("t1", b.fence()))).isTrue();
        Claim c = claim(n1, "t1");
        Claim other = claim(n2, "t2");

        assertThat(b.fence()).isGreaterThan(a.fence());
        assertThat(c.fence()).isGreaterThan(b.fence());
        assertThat(other.fence()).isNotEqualTo(c.fence());
        assertThat(await(n1.coordinator().release("t1", a.fence()))).as("release with a stale fence").isFalse();
        assertThat(view("t1").owner()).isEqualTo("n1");
    }

    @Test
    void aStaleOwnersWriteIsRejectedAfterItsClaimExpiredAndAnotherNodeClaimed() {
        Node n1 = startNode("n1");
        Node n2 = startNode("n2");
        submit("t1");
        Claim old = claim(n1, "t1");

        expireClaim("t1");
        awaitUntil("n1 told claimLost(t1)", () -> n1.events().lost()
                .contains(new RecordingListener.Lost("t1", old.fence())));
        Claim fresh = claim(n2, "t1");
        assertThat(fresh.fence()).isGreaterThan(old.fence());

        WriteResult stale = write(n1, "t1", old.fence(), old.state(), nextState(old.state()), List.of(), false, false);
        assertThat(stale).isInstanceOf(WriteResult.FenceLost.class);
        StoredState written = commit(n2, fresh, fresh.state());
        assertThat(written.writerNode()).isEqualTo("n2");
        assertThat(written.writerFence()).isEqualTo(fresh.fence());
        assertThat(view("t1").state()).isEqualTo(written);
        assertThat(view("t1").owner()).isEqualTo("n2");
    }

    @Test
    void aWriteAfterOwnReleaseIsRejected() {
        Node n1 = startNode("n1");
        submit("t1");
        Claim claim = claim(n1, "t1");
        assertThat(await(n1.coordinator().release("t1", claim.fence()))).isTrue();
        assertThat(write(n1, "t1", claim.fence(), claim.state(), nextState(claim.state()), List.of(), false, false))
                .isInstanceOf(WriteResult.FenceLost.class);
        assertThat(view("t1").state()).isEqualTo(claim.state());
    }

    @Test
    void aWriteWithAnOutdatedExpectedRevisionIsRejected() {
        Node n1 = startNode("n1");
        submit("t1");
        Claim claim = claim(n1, "t1");
        StoredState first = commit(n1, claim, claim.state());
        assertThat(first.revision()).isGreaterThan(claim.state().revision());

        WriteResult outdated = write(n1, "t1", claim.fence(), claim.state(), nextState(first), List.of(), false, false);
        assertThat(outdated).isInstanceOf(WriteResult.FenceLost.class);
        assertThat(view("t1").state()).isEqualTo(first);
    }

    @Test
    void successiveWritesCarryNewRevisionsAndTheWriter() {
        Node n1 = startNode("n1");
        submit("t1");
        Claim claim = claim(n1, "t1");
        StoredState s1 = commit(n1, claim, claim.state());
        StoredState s2 = commit(n1, claim, s1);
        StoredState s3 = commit(n1, claim, s2);
        assertThat(List.of(claim.state().revision(), s1.revision(), s2.revision(), s3.revision()))
                .isSorted().doesNotHaveDuplicates();
        assertThat(s3.state().version()).isEqualTo(3);
        assertThat(s3.state().data().get("step").asLong()).isEqualTo(3);
        assertThat(s3.writerNode()).isEqualTo("n1");
        assertThat(s3.writerFence()).isEqualTo(claim.fence());
        assertThat(view("t1").state()).isEqualTo(s3);
    }

    @Test
    void retryingACommittedWriteIsAnsweredCommittedWithoutASecondChange() {
        Node n1 = startNode("n1");
        submit("t1");
        Claim claim = claim(n1, "t1");
        TaskState next = nextState(claim.state());
        WriteResult first = write(n1, "t1", claim.fence(), claim.state(), next, List.of(), false, false);
        WriteResult retry = write(n1, "t1", claim.fence(), claim.state(), next, List.of(), false, false);

        assertThat(first).isInstanceOf(WriteResult.Committed.class);
        assertThat(retry).isInstanceOf(WriteResult.Committed.class);
        StoredState stored = ((WriteResult.Committed) first).state();
        assertThat(((WriteResult.Committed) retry).state().revision()).isEqualTo(stored.revision());
        assertThat(((WriteResult.Committed) retry).state().state()).isEqualTo(next);
        assertThat(view("t1").state()).isEqualTo(stored);
    }

    @Test
    void retryingACommittedReleaseWriteIsAnsweredCommitted() {
        Node n1 = startNode("n1");
        submit("t1");
        Claim claim = claim(n1, "t1");
        TaskState paused = new TaskState(StateCode.PAUSED, null, List.of(), null, 1);
        assertThat(write(n1, "t1", claim.fence(), claim.state(), paused, List.of(), true, false))
                .isInstanceOf(WriteResult.Committed.class);
        assertThat(write(n1, "t1", claim.fence(), claim.state(), paused, List.of(), true, false))
                .isInstanceOf(WriteResult.Committed.class);
        assertThat(view("t1").owner()).isNull();
        assertThat(view("t1").state().state().code()).isEqualTo(StateCode.PAUSED);
    }

    @Test
    void releasingAClaimOffersTheTaskAgain() {
        Node n1 = startNode("n1");
        submit("t1");
        Claim claim = claim(n1, "t1");
        Node n2 = startNode("n2");
        assertThat(await(n1.coordinator().release("t1", claim.fence() + 1000))).as("wrong fence").isFalse();
        assertThat(view("t1").owner()).isEqualTo("n1");

        n2.events().clear();
        assertThat(await(n1.coordinator().release("t1", claim.fence()))).isTrue();
        awaitOffered(n2, "t1");
        assertThat(view("t1").owner()).isNull();
        Claim taken = claim(n2, "t1");

        n1.events().clear();
        StoredState from = taken.state();
        assertThat(write(n2, "t1", taken.fence(), from, nextState(from), List.of(), true, false))
                .as("a write that releases").isInstanceOf(WriteResult.Committed.class);
        awaitOffered(n1, "t1");
        assertThat(claim(n1, "t1").state().state().version()).isEqualTo(1);
    }

    // ---- commands of a task while this node claims it (Coordinator#claim): after the result, in store order

    @Test
    void commandsStoredWhileAClaimIsOnItsWayArriveOnlyAfterItsResultInStoreOrder() {
        ClaimOrderProbe probe = new ClaimOrderProbe();
        Node n1 = startNode("n1", probe::wrap);
        submit("t1");
        List<String> before = send("t1", 0, 3);

        CompletableFuture<ClaimResult> claiming = n1.coordinator().claim("t1");
        probe.claiming("t1", claiming);
        List<String> during = send("t1", 3, 5); // on a real store most of them race the claim txn
        ClaimResult result = await(claiming);

        assertThat(result).isInstanceOf(ClaimResult.Claimed.class);
        Claim claim = ((ClaimResult.Claimed) result).claim();
        List<String> all = new ArrayList<>(before);
        all.addAll(during);
        awaitUntil("n1 has every command", () -> received(claim, n1).containsAll(all));
        assertThat(probe.beforeResult()).as("commands delivered while the claim was on its way").isEmpty();
        assertThat(claim.pending()).extracting(TaskCommand::id).startsWith(before.toArray(String[]::new));
        assertThat(received(claim, n1)).as("the claim's pending commands, then the arrivals (deduplicated by id)")
                .containsExactlyElementsOf(all);
    }

    @Test
    void aNodeWhoseClaimIsNotWonGetsNoneOfTheCommandsStoredMeanwhile() {
        ClaimOrderProbe probe1 = new ClaimOrderProbe();
        ClaimOrderProbe probe2 = new ClaimOrderProbe();
        Node n1 = startNode("n1", probe1::wrap);
        Node n2 = startNode("n2", probe2::wrap);
        submit("t1");
        List<String> all = new ArrayList<>(send("t1", 0, 2));

        CompletableFuture<ClaimResult> first = n1.coordinator().claim("t1");
        probe1.claiming("t1", first);
        CompletableFuture<ClaimResult> second = n2.coordinator().claim("t1");
        probe2.claiming("t1", second);
        all.addAll(send("t1", 2, 4));
        List<ClaimResult> results = List.of(await(first), await(second));
        all.addAll(send("t1", 6, 1)); // after both answers

        assertThat(results).filteredOn(ClaimResult.Claimed.class::isInstance).hasSize(1);
        boolean n1Won = results.get(0) instanceof ClaimResult.Claimed;
        Node winner = n1Won ? n1 : n2;
        Node loser = n1Won ? n2 : n1;
        Claim claim = ((ClaimResult.Claimed) results.get(n1Won ? 0 : 1)).claim();
        awaitUntil(winner.id() + " has every command", () -> received(claim, winner).containsAll(all));
        assertThat(received(claim, winner)).containsExactlyElementsOf(all);
        assertThat(loser.events().commands("t1")).as("commands for %s, whose claim was not won", loser.id())
                .isEmpty();
        assertThat(probe1.beforeResult()).isEmpty();
        assertThat(probe2.beforeResult()).isEmpty();
    }

    /** The claim's pending command ids followed by the ids that arrived for its task, each id once (first seen). */
    private static List<String> received(Claim claim, Node node) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        claim.pending().forEach(c -> ids.add(c.id()));
        node.events().commands(claim.task().id()).forEach(c -> ids.add(c.id()));
        return List.copyOf(ids);
    }

    /**
     * Wraps a node's listener and notes every command that arrives for a task while that task's claim future (given
     * to {@link #claiming}) is not complete yet. Thread-safe.
     */
    private static final class ClaimOrderProbe {
        private final Map<String, CompletableFuture<ClaimResult>> claims = new ConcurrentHashMap<>();
        private final List<String> beforeResult = new CopyOnWriteArrayList<>();

        void claiming(String taskId, CompletableFuture<ClaimResult> claim) {
            claims.put(taskId, claim);
        }

        List<String> beforeResult() {
            return List.copyOf(beforeResult);
        }

        CoordinatorListener wrap(CoordinatorListener delegate) {
            return new CoordinatorListener() {
                @Override
                public void taskOffered(TaskRecord task) {
                    delegate.taskOffered(task);
                }

                @Override
                public void claimLost(String taskId, long fence) {
                    delegate.claimLost(taskId, fence);
                }

                @Override
                public void commandArrived(String taskId, TaskCommand command) {
                    CompletableFuture<ClaimResult> claim = claims.get(taskId);
                    if (claim != null && !claim.isDone()) {
                        beforeResult.add(taskId + "/" + command.id());
                    }
                    delegate.commandArrived(taskId, command);
                }

                @Override
                public void nodeCommand(NodeCommand command) {
                    delegate.nodeCommand(command);
                }

                @Override
                public void taskTaken(String taskId, String nodeId) {
                    delegate.taskTaken(taskId, nodeId);
                }
            };
        }
    }
}
