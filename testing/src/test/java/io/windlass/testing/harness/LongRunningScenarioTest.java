package io.windlass.testing.harness;

import static io.windlass.statemachine.CommandKind.CHECKPOINT;
import static io.windlass.statemachine.CommandKind.COMPLETE;
import static io.windlass.statemachine.StateCode.COMPLETED;
import static io.windlass.statemachine.StateCode.KILLED;
import static io.windlass.statemachine.StateCode.PAUSED;
import static io.windlass.statemachine.StateCode.RUNNABLE;
import static io.windlass.statemachine.StateCode.SLEEPING;
import static io.windlass.testing.harness.Handlers.Looper.data;
import static io.windlass.testing.harness.Handlers.Looper.position;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Metafora-style handlers that loop until told to stop, on virtual time: they store their position while they run
 * ({@code ctx.checkpointNow}), the write is fenced, and a move resumes from the stored position.
 */
class LongRunningScenarioTest {
    private TaskHarness h;
    private final Handlers.Looper looper = Handlers.looper(() -> h.now());

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aLoopStoresItsPositionEverySecondWhileItRuns() {
        h = TaskHarness.builder().register("loop", looper).build();
        Instant start = h.now();
        h.submit("s1", "loop", null);
        h.advance(Duration.ofMillis(2500));

        h.assertTask("s1").isIn(RUNNABLE).isOwnedBy("node-1").hasTransitionCommands(CHECKPOINT, CHECKPOINT);
        assertThat(h.history("s1")).extracting(Transition::at)
                .containsExactly(start.plusSeconds(1), start.plusSeconds(2));
        assertThat(position(h.state("s1").data())).isEqualTo(20);
        assertThat(looper.runs).as("one callback, still running").isEmpty();
    }

    /** Every way a running task is told to stop. */
    enum StopSource { PAUSE, KILL, RELEASE, SLEEP, STOP_TASK, BALANCE, SHUTDOWN }

    @ParameterizedTest
    @EnumSource(StopSource.class)
    void everyStopReachesALoopingHandlerAtTheInstantItArrivesAndItsExactPositionIsStored(StopSource source) {
        h = TaskHarness.builder().register("loop", looper).balancer(ReleaseAllBalancer::new).build();
        h.submit("s1", "loop", null);
        Instant at = h.advance(Duration.ofMillis(1550));
        StateCode expected = switch (source) {
            case PAUSE -> stop(Command.pause(), PAUSED);
            case KILL -> stop(Command.kill(), KILLED);
            case RELEASE -> stop(Command.release(), RUNNABLE);
            case SLEEP -> stop(Command.sleepUntil(at.plus(Duration.ofHours(1))), SLEEPING);
            case STOP_TASK -> {
                h.nodeCommand("node-1", NodeCommand.STOP_TASK, "s1");
                yield RUNNABLE;
            }
            case BALANCE -> {
                h.balance("node-1");
                yield RUNNABLE;
            }
            case SHUTDOWN -> {
                h.shutdownNode("node-1");
                assertThat(h.consumer("node-1").isTerminated()).isTrue();
                yield RUNNABLE;
            }
        };
        assertThat(looper.runsOf("s1")).as("the loop ended when the stop arrived").singleElement().satisfies(r -> {
            assertThat(r.to()).isEqualTo(at);
            assertThat(r.toPosition()).isEqualTo(15);
            assertThat(r.end()).isEqualTo("stop");
        });
        h.assertTask("s1").isIn(expected);
        assertThat(position(h.state("s1").data())).as("the exact position, stored with the handler's result")
                .isEqualTo(15);
        if (expected == RUNNABLE) {
            h.assertTask("s1").isUnclaimed();
        }
    }

    private StateCode stop(Command command, StateCode expected) {
        h.command("s1", command);
        return expected;
    }

    @Test
    void aCrashedOwnerLosesAtMostTheLastSecondAndTheTaskResumesFromItsCheckpointElsewhere() {
        h = TaskHarness.builder().nodes("a", "b").register("loop", looper).build();
        h.freeze("b");
        h.submit("s1", "loop", null);
        h.unfreeze("b");
        h.advance(Duration.ofMillis(1550));
        Instant crash = h.now();

        h.killNode("a");
        h.advance(h.cluster().leaseTtl().plusSeconds(1));

        h.assertTask("s1").isIn(RUNNABLE).isOwnedBy("b");
        assertThat(looper.runsOf("s1")).singleElement().satisfies(r -> {
            assertThat(r.nodeId()).isEqualTo("a");
            assertThat(r.to()).isEqualTo(crash);
            assertThat(r.toPosition()).isEqualTo(15);
        });
        h.advance(Duration.ofSeconds(5));
        h.consumer("b").shutdown();
        h.runUntilIdle();
        assertThat(looper.runsOf("s1")).last().satisfies(r -> {
            assertThat(r.nodeId()).isEqualTo("b");
            assertThat(r.fromPosition()).as("resumed from the last stored position").isEqualTo(10);
        });
        looper.assertNoOverlap();
    }

    @Test
    void aPartitionedOwnersCheckpointFailsWithClaimLostOnceItsLeaseIsGoneAndTheTaskMovesOn() {
        h = TaskHarness.builder().nodes("a", "b").register("loop", looper).build();
        h.freeze("b");
        h.submit("s1", "loop", null);
        h.unfreeze("b");
        h.advance(Duration.ofMillis(1550));

        h.cluster().partitionNode("a");
        h.advance(Duration.ofMillis(450)); // the checkpoint of position 20 cannot be stored: retried
        assertThat(looper.checkpointFailures).isEmpty();
        h.advance(h.cluster().leaseTtl());

        assertThat(looper.checkpointFailures).singleElement().isInstanceOfSatisfying(WindlassException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CLAIM_LOST);
            assertThat(e).hasMessageContaining("task s1 no longer runs on a");
        });
        assertThat(looper.runsOf("s1")).singleElement().satisfies(r -> {
            assertThat(r.end()).isEqualTo("CLAIM_LOST");
            assertThat(r.toPosition()).isEqualTo(20);
        });
        h.assertTask("s1").isOwnedBy("b");
        assertThat(position(h.state("s1").data())).as("the write under the lost fence never landed").isEqualTo(10);
        h.advance(Duration.ofSeconds(1));
        h.shutdownNode("b");
        assertThat(looper.runsOf("s1")).last().satisfies(r -> assertThat(r.fromPosition()).isEqualTo(10));
        looper.assertNoOverlap();
    }

    @Test
    void aCheckpointRefusedByTheFenceFailsWithClaimLostAndTheHandlerSeesStop() {
        AtomicBoolean stealNext = new AtomicBoolean();
        List<Object> seen = new ArrayList<>();
        var handler = Handlers.scripted(ctx -> {
            stealNext.set(h.claims(ctx.taskId()).size() == 1);
            try {
                ctx.checkpointNow(data(1));
                seen.add("stored");
            } catch (WindlassException e) {
                seen.add(e.code());
                seen.add(ctx.stop().requested());
            }
            return Command.complete();
        });
        h = TaskHarness.builder().register("job", handler).coordinatorDecorator(c -> new ForwardingCoordinator(c) {
            @Override
            public CompletableFuture<WriteResult> write(StateWrite write) {
                if (stealNext.getAndSet(false)) {
                    h.cluster().expireClaim(write.taskId()); // the claim is gone before the write reaches the store
                }
                return delegate.write(write);
            }
        }).build();
        h.submit("t1", "job", null);

        assertThat(seen).as("the first claim's write is refused; the second claim's is stored")
                .containsExactly(ErrorCode.CLAIM_LOST, true, "stored");
        assertThat(h.claims("t1")).as("claimed again after the lost claim").hasSize(2);
        assertThat(h.history("t1")).extracting(Transition::command).containsExactly(CHECKPOINT, COMPLETE);
        assertThat(h.history("t1").get(0).version()).as("only the second claim's checkpoint landed").isEqualTo(1);
    }

    @Test
    void aResultReturnedWhileItsCheckpointIsInFlightIsAppliedAfterIt() {
        List<Object> seen = new ArrayList<>();
        var handler = Handlers.scripted(ctx -> {
            try {
                ctx.checkpointNow(data(1), Duration.ofSeconds(1));
            } catch (WindlassException e) {
                seen.add(e.code());
                seen.add(ctx.now());
            }
            return Command.complete();
        });
        h = TaskHarness.builder().register("job", handler).coordinatorDecorator(c -> delayedWrites(c, 5)).build();
        Instant start = h.now();
        h.submit("t1", "job", null);
        h.advance(Duration.ofSeconds(4));
        assertThat(seen).containsExactly(ErrorCode.UNAVAILABLE, start.plusSeconds(1));
        h.assertTask("t1").isIn(RUNNABLE).hasTransitionCommands();

        h.advance(Duration.ofSeconds(1));
        h.assertTask("t1").isIn(RUNNABLE).hasTransitionCommands(CHECKPOINT);
        h.advance(Duration.ofSeconds(5));
        h.assertTask("t1").isIn(COMPLETED).hasTransitionCommands(CHECKPOINT, COMPLETE);
        assertThat(position(h.state("t1").data())).isEqualTo(1);
    }

    @Test
    void callsWaitingBehindAWriteInFlightGoOutAsOneWriteOfTheNewestData() {
        List<Object> seen = new ArrayList<>();
        var handler = Handlers.scripted(ctx -> {
            for (int pos = 1; pos <= 2; pos++) {
                try {
                    ctx.checkpointNow(data(pos), Duration.ofSeconds(1));
                } catch (WindlassException e) {
                    seen.add(e.code());
                }
            }
            ctx.checkpointNow(data(3), Duration.ofSeconds(30));
            seen.add(ctx.now());
            seen.add(position(ctx.data()));
            return Command.complete();
        });
        h = TaskHarness.builder().register("job", handler).coordinatorDecorator(c -> delayedWrites(c, 5)).build();
        Instant start = h.now();
        h.submit("t1", "job", null);
        h.advance(Duration.ofSeconds(20));

        assertThat(seen).containsExactly(ErrorCode.UNAVAILABLE, ErrorCode.UNAVAILABLE, start.plusSeconds(10), 3L);
        // a transition is dated when it was decided (sent), and stored 5 s later
        assertThat(h.history("t1")).extracting(t -> t.command() + "@" + Duration.between(start, t.at()).toSeconds())
                .containsExactly("CHECKPOINT@0", "CHECKPOINT@5", "COMPLETE@10");
        assertThat(position(h.state("t1").data())).isEqualTo(3);
    }

    @Test
    void checkpointNowSupersedesEarlierCheckpointDataAndIsOnlyForOnRunnable() {
        List<Object> seen = new ArrayList<>();
        TaskHandler<JsonNode> handler = new TaskHandler<>() {
            @Override
            public Class<JsonNode> propsType() {
                return JsonNode.class;
            }

            @Override
            public Command onRunnable(TaskContext<JsonNode> ctx) {
                ctx.checkpoint(data(7));
                ctx.checkpointNow(data(8));
                if (ctx.state().version() == 0) { // the state this callback reacts to, not the one checkpointNow stored
                    throw new IllegalStateException("fail once");
                }
                return Command.complete();
            }

            @Override
            public Command onFault(TaskContext<JsonNode> ctx) throws Exception {
                try {
                    ctx.checkpointNow(data(9));
                } catch (WindlassException e) {
                    seen.add(e.code());
                }
                try {
                    ctx.checkpoint(TextNode.valueOf("x".repeat(TaskState.MAX_DATA_BYTES)));
                } catch (WindlassException e) {
                    seen.add(e.code());
                }
                return TaskHandler.super.onFault(ctx);
            }
        };
        h = TaskHarness.builder().register("job", handler).build();
        h.submit("t1", "job", null);
        h.advance(Duration.ofHours(1));

        assertThat(seen).containsExactly(ErrorCode.ILLEGAL_STATE, ErrorCode.PAYLOAD_TOO_LARGE);
        h.assertTask("t1").isIn(COMPLETED);
        assertThat(position(h.state("t1").data())).as("checkpointNow superseded the earlier checkpoint(7)")
                .isEqualTo(8);
    }

    /** Every write of the node completes {@code seconds} of virtual time after it was sent. */
    private ForwardingCoordinator delayedWrites(io.windlass.consumer.spi.Coordinator c, long seconds) {
        return new ForwardingCoordinator(c) {
            @Override
            public CompletableFuture<WriteResult> write(StateWrite write) {
                CompletableFuture<WriteResult> later = new CompletableFuture<>();
                h.scheduler().schedule(h.now().plusSeconds(seconds),
                        () -> delegate.write(write).whenComplete((r, e) -> later.complete(r)));
                return later;
            }
        };
    }
}
