package io.windlass.testing.embedded;

import io.windlass.embedded.InMemoryCluster;
import io.windlass.embedded.StoredVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.consumer.client.TaskFilter;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.consumer.spi.CoordinatorListener;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.WindlassException;
import io.windlass.testing.contract.RecordingListener;
import io.windlass.testing.embedded.ClusterFixture.Node;
import io.windlass.testing.time.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class InMemoryClusterTest {
    private final ClusterFixture f = new ClusterFixture();

    private static void assertCode(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WindlassException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void resultsAndEventsArriveOnlyThroughTheEventExecutor() {
        Node n1 = f.start("n1");
        f.client.submit("t1", "demo", null);
        assertThat(n1.events().offered()).isEmpty();
        CompletableFuture<ClaimResult> claim = n1.coordinator().claim("t1");
        assertThat(claim).isNotDone();
        f.events.runAll();
        assertThat(claim).isDone();
        assertThat(n1.events().offered()).containsExactly("t1");
    }

    @Test
    void aThrowingListenerDoesNotStopOtherEvents() {
        Coordinator bad = f.cluster.coordinator();
        bad.start("bad", new CoordinatorListener() {
            @Override
            public void taskOffered(TaskRecord task) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void claimLost(String taskId, long fence) {
            }

            @Override
            public void commandArrived(String taskId, TaskCommand command) {
            }

            @Override
            public void nodeCommand(NodeCommand command) {
            }
        });
        Node good = f.start("good");
        f.submit("t1", "t2");
        assertThat(good.events().offered()).containsExactly("t1", "t2");
    }

    @Test
    void listFiltersByStateAndOwnerAndPagesInIdOrder() {
        Node n1 = f.start("n1");
        f.submit("b", "a", "d", "c", "e");
        Claim claim = f.claim(n1, "c");
        f.claim(n1, "a");
        f.write(n1, claim, claim.state(), ClusterFixture.next(claim.state(), StateCode.PAUSED), false);

        assertThat(f.client.list(TaskFilter.all())).extracting(TaskView::id).containsExactly("a", "b", "c", "d", "e");
        assertThat(f.client.list(new TaskFilter(null, null, "b", 2))).extracting(TaskView::id)
                .containsExactly("c", "d");
        assertThat(f.client.list(new TaskFilter(StateCode.PAUSED, null, null, 10))).extracting(TaskView::id)
                .containsExactly("c");
        assertThat(f.client.list(new TaskFilter(null, "n1", null, 10))).extracting(TaskView::id)
                .containsExactly("a", "c");
        assertThat(f.client.list(new TaskFilter(StateCode.RUNNABLE, "n1", null, 10))).extracting(TaskView::id)
                .containsExactly("a");
        assertThat(f.client.list(new TaskFilter(null, null, "e", 10))).isEmpty();
    }

    @Test
    void historyKeepsEveryStoredVersionWithItsVirtualTime() {
        Node n1 = f.start("n1");
        f.submit("t1");
        f.scheduler.advance(Duration.ofHours(1));
        Claim claim = f.claim(n1, "t1");
        StoredState s1 = ((WriteResult.Committed) f.write(n1, claim, claim.state(),
                ClusterFixture.next(claim.state(), StateCode.RUNNABLE), false)).state();
        f.scheduler.advance(Duration.ofDays(30));
        f.write(n1, claim, s1, ClusterFixture.next(s1, StateCode.PAUSED), false);

        List<StoredVersion> history = f.cluster.history("t1");
        assertThat(history).extracting(v -> v.state().state().version()).containsExactly(0L, 1L, 2L);
        assertThat(history).extracting(StoredVersion::at).containsExactly(VirtualScheduler.create().now(),
                VirtualScheduler.create().now().plus(Duration.ofHours(1)),
                VirtualScheduler.create().now().plus(Duration.ofHours(1)).plus(Duration.ofDays(30)));
        assertThat(history.get(2).state().writerNode()).isEqualTo("n1");
        assertThat(f.cluster.history("unknown")).isEmpty();
        f.client.delete("t1");
        assertThat(f.cluster.history("t1")).isEmpty();
    }

    @Test
    void historyKeepsOnlyTheNewestVersionsOverItsLimit() {
        ClusterFixture small = new ClusterFixture(builder -> builder.historyLimit(2));
        Node n1 = small.start("n1");
        small.submit("t1");
        Claim claim = small.claim(n1, "t1");
        StoredState s = claim.state();
        for (int i = 0; i < 3; i++) {
            s = ((WriteResult.Committed) small.write(n1, claim, s, ClusterFixture.next(s, StateCode.RUNNABLE), false))
                    .state();
        }
        assertThat(small.cluster.history("t1")).extracting(v -> v.state().state().version()).containsExactly(2L, 3L);
    }

    @Test
    void oversizedPropsCommandsAndCheckpointsAreRefused() {
        String big = "x".repeat(TaskRecord.MAX_PROPS_BYTES);
        assertCode(ErrorCode.PAYLOAD_TOO_LARGE,
                () -> f.client.submit("t1", "demo", JsonNodeFactory.instance.objectNode().put("big", big)));
        assertThat(f.client.get("t1")).isEmpty();
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> f.client.submit("t1", null, null));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> f.client.submit(null, "demo", null));

        Node n1 = f.start("n1");
        f.submit("t1");
        String type = "y".repeat(InMemoryCluster.MAX_COMMAND_BYTES);
        Command error = new Command.Error(new TaskError(f.scheduler.now(), "boom", type));
        assertCode(ErrorCode.PAYLOAD_TOO_LARGE, () -> f.client.command("t1", error));
        assertThat(f.view("t1").pending()).isEmpty();

        Claim claim = f.claim(n1, "t1");
        TaskState huge = new TaskState(StateCode.RUNNABLE, null, List.of(),
                JsonNodeFactory.instance.objectNode().put("blob", "z".repeat(TaskState.MAX_DATA_BYTES)), 1);
        assertThat(f.write(n1, claim, claim.state(), huge, false)).isInstanceOfSatisfying(WriteResult.Failed.class,
                r -> assertThat(r.error().code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
        assertThat(f.view("t1").owner()).isEqualTo("n1");
        assertThat(f.view("t1").state()).isEqualTo(claim.state());
    }

    @Test
    void aDrainingNodeIsNotOfferedTasksUntilItStopsDraining() {
        Node n1 = f.start("n1");
        f.await(n1.coordinator().setDraining(true));
        f.submit("t1");
        assertThat(n1.events().offered()).isEmpty();
        assertThat(f.await(n1.coordinator().claim("t1"))).isInstanceOf(ClaimResult.NotClaimed.class);
        f.await(n1.coordinator().setDraining(false));
        assertThat(n1.events().offered()).containsExactly("t1");
        f.claim(n1, "t1");
    }

    @Test
    void usingACoordinatorOutsideItsLifecycleIsAClearError() {
        Coordinator unstarted = f.cluster.coordinator();
        CompletableFuture<ClaimResult> claim = unstarted.claim("t1");
        f.events.runAll();
        assertThat(claim).isCompletedExceptionally();
        assertThatThrownBy(claim::join).cause().isInstanceOfSatisfying(WindlassException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_STATE));
        assertThat(f.await(unstarted.write(new io.windlass.consumer.spi.StateWrite("t1", 1, 1, TaskState.initial(),
                List.of(), false, false)))).isInstanceOf(WriteResult.Failed.class);

        Node n1 = f.start("n1");
        n1.coordinator().close();
        assertThat(f.await(n1.coordinator().write(new io.windlass.consumer.spi.StateWrite("t1", 1, 1,
                TaskState.initial(), List.of(), false, false)))).isInstanceOf(WriteResult.FenceLost.class);
        assertCode(ErrorCode.ILLEGAL_STATE, () -> n1.coordinator().start("n1", new RecordingListener()));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> f.cluster.coordinator().start("a/b", new RecordingListener()));

        f.client.close();
        assertCode(ErrorCode.ILLEGAL_STATE, () -> f.client.submit("t9", "demo", null));
    }

    @Test
    void nodeCommandsAreValidatedAndGoneWithTheirNode() {
        Node n1 = f.start("n1");
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> f.client.nodeCommand("n1", NodeCommand.STOP_TASK, null));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> f.client.nodeCommand("n1", " ", null));
        String unknownKind = f.client.nodeCommand("n1", "reticulate", null);
        f.events.runAll();
        assertThat(n1.events().nodeCommands()).extracting(NodeCommand::id).containsExactly(unknownKind);
        n1.coordinator().close();
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> f.client.nodeCommand("n1", NodeCommand.FREEZE, null));
    }

    @Test
    void aCommandForAnUnclaimedTaskWaitsForItsClaim() {
        Node n1 = f.start("n1");
        f.submit("t1");
        String id = f.client.command("t1", Command.pause());
        f.events.runAll();
        assertThat(n1.events().commands("t1")).isEmpty();
        assertThat(f.claim(n1, "t1").pending()).extracting(TaskCommand::id).containsExactly(id);
    }

    @Test
    void aWriteOfTheUnchangedStateAtTheExpectedRevisionStoresItsAcks() {
        Node n1 = f.start("n1");
        f.submit("t1");
        Claim claim = f.claim(n1, "t1");
        StoredState first = ((WriteResult.Committed) f.write(n1, claim, claim.state(),
                ClusterFixture.next(claim.state(), StateCode.PAUSED), false)).state();
        String rejected = f.client.command("t1", Command.checkpoint());
        f.events.runAll();
        assertThat(f.view("t1").pending()).extracting(TaskCommand::id).containsExactly(rejected);

        var ack = new io.windlass.consumer.spi.StateWrite("t1", claim.fence(), first.revision(), first.state(),
                List.of(rejected), false, false);
        WriteResult acked = f.await(n1.coordinator().write(ack));

        assertThat(acked).isInstanceOf(WriteResult.Committed.class);
        assertThat(((WriteResult.Committed) acked).state().revision()).isGreaterThan(first.revision());
        assertThat(f.view("t1").pending()).isEmpty();
        // the same write again is an idempotent retry of the committed one
        assertThat(f.await(n1.coordinator().write(ack))).isEqualTo(acked);
    }
}
