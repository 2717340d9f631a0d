package io.windlass.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.TaskStateMachine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link io.windlass.consumer.spi.Coordinator} (with its {@link io.windlass.consumer.client.TaskClient})
 * must pass. Extend it, implement the hooks of {@link ContractSupport} on a fresh namespace per test, and every test
 * here and in {@link ClaimContract} runs against your implementation.
 */
public abstract class CoordinatorContract extends ClaimContract {
    private static final Instant BASE = COMMANDS_BASE;

    @Test
    void commandsKeepTheirOrderInTheClaimAndInLaterArrivals() {
        Node n1 = startNode("n1");
        Node n2 = startNode("n2");
        submit("t1");
        List<String> early = send("t1", 0, 10);
        assertThat(early).doesNotHaveDuplicates();

        Claim claim = claim(n1, "t1");
        assertThat(claim.pending()).extracting(TaskCommand::id).containsExactlyElementsOf(early);
        assertThat(claim.pending()).extracting(TaskCommand::command)
                .containsExactly(Arrays.stream(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}).mapToObj(i -> sleep(i))
                        .toArray(Command[]::new));

        List<String> late = send("t1", 10, 5);
        awaitUntil("n1 receives 5 commands", () -> n1.events().commands("t1").stream()
                .map(TaskCommand::id).filter(late::contains).count() == 5);
        List<String> arrived = n1.events().commands("t1").stream().map(TaskCommand::id)
                .filter(late::contains).distinct().toList();
        assertThat(arrived).containsExactlyElementsOf(late);
        assertThat(n2.events().commands("t1")).as("only the owner hears commands").isEmpty();
        List<String> all = new ArrayList<>(early);
        all.addAll(late);
        assertThat(view("t1").pending()).extracting(TaskCommand::id).containsExactlyElementsOf(all);
    }

    @Test
    void acknowledgedCommandsAreDeletedWithTheWrite() {
        Node n1 = startNode("n1");
        submit("t1");
        List<String> ids = send("t1", 0, 3);
        Claim claim = claim(n1, "t1");
        StoredState from = claim.state();

        WriteResult result = write(n1, "t1", claim.fence(), from, nextState(from), ids.subList(0, 2), true, false);
        assertThat(result).isInstanceOf(WriteResult.Committed.class);
        assertThat(view("t1").pending()).extracting(TaskCommand::id).containsExactly(ids.get(2));
        Claim again = claim(n1, "t1");
        assertThat(again.pending()).extracting(TaskCommand::id).containsExactly(ids.get(2));
        assertThat(again.fence()).isGreaterThan(claim.fence());
    }

    @Test
    void commandsAreCheckedAgainstTheCurrentState() {
        assertCode(ErrorCode.TASK_NOT_FOUND, () -> client().command("nope", Command.pause()));
        TaskStateMachine table = TaskStateMachine.standard();
        Optional<StateCode> strict = Arrays.stream(StateCode.values()).filter(c -> !c.terminal())
                .filter(c -> Arrays.stream(CommandKind.values()).anyMatch(k -> !table.allows(c, k))).findFirst();
        assumeThat(strict).as("a live state that refuses some command").isPresent();
        CommandKind illegal = Arrays.stream(CommandKind.values()).filter(k -> !table.allows(strict.get(), k))
                .findFirst().orElseThrow();

        Node n1 = startNode("n1");
        submit("t1");
        Claim claim = claim(n1, "t1");
        TaskState parked = stateOf(strict.get(), 1);
        assertThat(write(n1, "t1", claim.fence(), claim.state(), parked, List.of(), true, false))
                .isInstanceOf(WriteResult.Committed.class);
        assertCode(ErrorCode.ILLEGAL_TRANSITION, () -> client().command("t1", commandOf(illegal)));
        assertThat(view("t1").pending()).isEmpty();
        assertThat(view("t1").state().state()).isEqualTo(parked);
    }

    private static TaskState stateOf(StateCode code, long version) {
        return new TaskState(code, code == StateCode.SLEEPING ? BASE : null,
                code == StateCode.FAULT ? List.of(TaskError.of(BASE, "contract fault")) : List.of(), null, version);
    }

    private static Command commandOf(CommandKind kind) {
        return switch (kind) {
            case RUN -> Command.run();
            case SLEEP -> sleep(1);
            case PAUSE -> Command.pause();
            case KILL -> Command.kill();
            case COMPLETE -> Command.complete();
            case ERROR -> Command.error(BASE, "boom");
            case CHECKPOINT -> Command.checkpoint();
            case RELEASE -> Command.release();
        };
    }

    @Test
    void aFinishedTaskIsNeverOfferedNorClaimedAgainAndItsIdIsNeverReused() {
        Node n1 = startNode("n1");
        submit("t1");
        Claim claim = claim(n1, "t1");
        send("t1", 0, 2);
        WriteResult done = write(n1, "t1", claim.fence(), claim.state(), completed(claim.state()), List.of(),
                false, true);
        assertThat(done).isInstanceOf(WriteResult.Committed.class);

        TaskView view = view("t1");
        assertThat(view.state().state().code()).isEqualTo(StateCode.COMPLETED);
        assertThat(view.owner()).isNull();
        assertThat(view.pending()).as("pending commands of a finished task are dropped").isEmpty();
        assertNotClaimable(n1, "t1");
        assertCode(ErrorCode.DUPLICATE_TASK, () -> submit("t1"));
        assertCode(ErrorCode.TASK_FINISHED, () -> client().command("t1", Command.pause()));

        submit("t2");
        Node n2 = startNode("n2");
        awaitOffered(n2, "t2");
        awaitOffered(n1, "t2");
        assertThat(n2.events().offered()).doesNotContain("t1");
        assertThat(n1.events().offered()).containsOnlyOnce("t1");
        assertNotClaimable(n2, "t1");
    }

    @Test
    void aFinishedIdStaysUsedAfterTheTaskIsDeleted() {
        Node n1 = startNode("n1");
        submit("t1");
        Claim claim = claim(n1, "t1");
        assertThat(write(n1, "t1", claim.fence(), claim.state(), completed(claim.state()), List.of(), false, true))
                .isInstanceOf(WriteResult.Committed.class);
        assertThat(client().delete("t1")).isTrue();
        assertThat(client().get("t1")).isEmpty();
        assertCode(ErrorCode.DUPLICATE_TASK, () -> submit("t1"));
    }

    /** Issue 14 item 1: a retried submit of the same record succeeds; other content stays DUPLICATE_TASK. */
    @Test
    void aSubmitOfAnIdenticalRecordIsIdempotent() {
        TaskRecord first = submit("t1");
        StoredState before = view("t1").state();
        TaskRecord again = submit("t1");
        assertThat(again.type()).isEqualTo(first.type());
        assertThat(again.props()).isEqualTo(first.props());
        assertThat(view("t1").state()).as("nothing written again").isEqualTo(before);
        assertCode(ErrorCode.DUPLICATE_TASK, () -> client().submit("t1", "contract",
                JsonNodeFactory.instance.objectNode().put("other", true)));
    }

    /**
     * Issue 14 item 1: a command retried under its id is stored once and applied once, also when the retry comes
     * after the owner applied it; the id cannot be reused for another command.
     */
    @Test
    void aCommandRetriedUnderItsIdIsStoredAndAppliedOnce() {
        Node n1 = startNode("n1");
        submit("t1");
        assertThat(client().command("t1", Command.pause(), "cmd-a")).isEqualTo("cmd-a");
        assertThat(client().command("t1", Command.pause(), "cmd-a")).as("a retry").isEqualTo("cmd-a");
        assertThat(view("t1").pending()).extracting(TaskCommand::id).containsExactly("cmd-a");
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> client().command("t1", Command.kill(), "cmd-a"));

        Claim claim = claim(n1, "t1");
        assertThat(claim.pending()).extracting(TaskCommand::id).containsExactly("cmd-a");
        StoredState from = claim.state();
        TaskState paused = new TaskState(StateCode.PAUSED, null, List.of(), null, from.state().version() + 1);
        assertThat(write(n1, "t1", claim.fence(), from, paused, List.of("cmd-a"), false, false))
                .isInstanceOf(WriteResult.Committed.class);
        assertThat(view("t1").pending()).isEmpty();
        assertThat(client().command("t1", Command.pause(), "cmd-a")).as("a late retry").isEqualTo("cmd-a");
        assertThat(view("t1").pending()).as("not stored again").isEmpty();
        assertThat(view("t1").state().state().code()).isEqualTo(StateCode.PAUSED);
    }

    @Test
    void aDuplicateOrInvalidSubmitIsRejectedAndNothingChanges() {
        submit("t1");
        StoredState before = view("t1").state();
        assertCode(ErrorCode.DUPLICATE_TASK, () -> client().submit("t1", "other", null));
        assertThat(view("t1").task().type()).isEqualTo("contract");
        assertThat(view("t1").state()).isEqualTo(before);
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> client().submit("bad/id", "contract", null));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> client().submit("", "contract", null));
        assertThat(client().get("bad/id")).isEmpty();
    }

    @Test
    void deleteRemovesExactlyOneTask() {
        Node n1 = startNode("n1");
        submit("t1");
        submit("t10");
        Claim c1 = claim(n1, "t1");
        Claim c10 = claim(n1, "t10");
        String kept = client().command("t10", sleep(1));
        client().command("t1", sleep(2));

        assertThat(client().delete("t1")).isTrue();
        assertThat(client().get("t1")).isEmpty();
        assertThat(client().delete("t1")).isFalse();
        awaitUntil("n1 told claimLost(t1)", () -> n1.events().lost().stream().anyMatch(l -> l.taskId().equals("t1")));
        assertThat(write(n1, "t1", c1.fence(), c1.state(), nextState(c1.state()), List.of(), false, false))
                .isInstanceOf(WriteResult.FenceLost.class);

        TaskView t10 = view("t10");
        assertThat(t10.owner()).isEqualTo("n1");
        assertThat(t10.pending()).extracting(TaskCommand::id).containsExactly(kept);
        commit(n1, c10, c10.state());
        assertThat(n1.events().lost()).noneMatch(l -> l.taskId().equals("t10"));
    }

    @Test
    void nodesShowClaimCountsAndDraining() {
        Node n1 = startNode("n1");
        Node n2 = startNode("n2");
        for (String id : List.of("t1", "t2", "t3")) {
            submit(id);
        }
        claim(n1, "t1");
        claim(n1, "t2");
        claim(n2, "t3");

        assertThat(client().nodes()).extracting(NodeInfo::nodeId, NodeInfo::claims, NodeInfo::draining)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("n1", 2, false),
                        org.assertj.core.groups.Tuple.tuple("n2", 1, false));
        await(n1.coordinator().setDraining(true));
        assertThat(await(n2.coordinator().nodes())).extracting(NodeInfo::nodeId, NodeInfo::draining)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("n1", true),
                        org.assertj.core.groups.Tuple.tuple("n2", false));
        assertThat(client().nodes()).filteredOn(n -> n.nodeId().equals("n1")).extracting(NodeInfo::draining)
                .containsExactly(true);
    }

    @Test
    void closingANodeUnregistersItAndFreesItsClaims() {
        Node n1 = startNode("n1");
        Node n2 = startNode("n2");
        submit("t1");
        claim(n1, "t1");
        n2.events().clear();

        n1.coordinator().close();
        n1.coordinator().close();
        awaitUntil("n1 gone from nodes()", () -> client().nodes().stream().noneMatch(n -> n.nodeId().equals("n1")));
        awaitOffered(n2, "t1");
        claim(n2, "t1");
        assertThat(client().nodes()).extracting(NodeInfo::nodeId, NodeInfo::claims)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("n2", 1));
    }

    @Test
    void startOffersEveryClaimableTaskAndRefusesASecondStart() {
        submit("t1");
        submit("t2");
        submit("t3");
        Node n1 = startNode("n1");
        claim(n1, "t2");
        Node n2 = startNode("n2");
        awaitOffered(n2, "t1");
        awaitOffered(n2, "t3");
        assertThat(n2.events().offered()).doesNotContain("t2");
        assertCode(ErrorCode.ILLEGAL_STATE, () -> n1.coordinator().start("n9", new RecordingListener()));
        assertCode(ErrorCode.NODE_ID_TAKEN, () -> newCoordinator().start("n1", new RecordingListener()));
    }

    @Test
    void aNodeCommandIsDeliveredToItsNodeOnlyAndCanBeAcknowledged() {
        Node n1 = startNode("n1");
        Node n2 = startNode("n2");
        String freeze = client().nodeCommand("n1", NodeCommand.FREEZE, null);
        String stop = client().nodeCommand("n1", NodeCommand.STOP_TASK, "t7");

        awaitUntil("n1 receives 2 node commands", () -> n1.events().nodeCommands().size() >= 2);
        assertThat(n1.events().nodeCommands()).containsExactly(new NodeCommand(freeze, NodeCommand.FREEZE, null),
                new NodeCommand(stop, NodeCommand.STOP_TASK, "t7"));
        await(n1.coordinator().ackNodeCommand(freeze));
        await(n1.coordinator().ackNodeCommand(stop));
        await(n1.coordinator().ackNodeCommand(stop));
        assertThat(n2.events().nodeCommands()).isEmpty();
        assertThat(freeze).isNotEqualTo(stop);
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> client().nodeCommand("nobody", NodeCommand.BALANCE, null));
    }
}
