package io.windlass.testing.harness;

import static io.windlass.statemachine.CommandKind.COMPLETE;
import static io.windlass.statemachine.CommandKind.ERROR;
import static io.windlass.statemachine.CommandKind.PAUSE;
import static io.windlass.statemachine.CommandKind.RUN;
import static io.windlass.statemachine.CommandKind.SLEEP;
import static io.windlass.statemachine.StateCode.COMPLETED;
import static io.windlass.statemachine.StateCode.PAUSED;
import static io.windlass.statemachine.StateCode.SLEEPING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.consumer.spi.CoordinatorListener;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.Transition;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.TaskContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Commands: rejected visibly, delivered twice but applied once, never stolen by a leaked thread; a month of sleeps. */
class CommandDeliveryScenarioTest {
    private TaskHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void anIllegalCommandIsRejectedVisiblyAndDoesNotChangeTheState() {
        var handler = Handlers.scripted(ctx -> {
            if (!ctx.state().errors().isEmpty()) {
                return Command.complete();
            }
            h.client().command(ctx.taskId(), Command.checkpoint()); // legal now, illegal once the task faults
            throw new IllegalStateException("boom");
        });
        h = TaskHarness.builder().register("job", handler).build();
        h.submit("t1", "job", null);

        assertThat(h.rejections("t1")).singleElement().satisfies(r -> {
            assertThat(r.command().command().kind()).isEqualTo(io.windlass.statemachine.CommandKind.CHECKPOINT);
            assertThat(r.reason()).contains("CHECKPOINT", "FAULT");
            assertThat(r.nodeId()).isEqualTo("node-1");
        });
        // The engine acks the rejected command in a write of the unchanged state: nothing stays pending.
        h.assertTask("t1").isIn(SLEEPING).hasTransitionCommands(ERROR, SLEEP).hasNoPendingCommands();
        assertThat(h.history("t1")).extracting(Transition::version).containsExactly(1L, 2L);
        h.advance(Duration.ofMinutes(10));
        h.assertTask("t1").isIn(COMPLETED).hasRejections(1);
    }

    @Test
    void aCommandArrivingAfterTheTaskFinishedIsRejectedAndAcknowledged() {
        var handler = Handlers.scripted(ctx -> {
            h.client().command(ctx.taskId(), Command.pause());
            return Command.complete();
        });
        h = TaskHarness.builder().register("job", handler).build();
        h.submit("t1", "job", null);
        h.assertTask("t1").isIn(COMPLETED).hasTransitionCommands(COMPLETE).hasRejections(1).hasNoPendingCommands();
        assertThat(h.rejections("t1").get(0).reason()).contains("COMPLETED", "PAUSE");
    }

    @Test
    void aCommandDeliveredTwiceIsAppliedOnce() {
        var handler = Handlers.scripted(ctx -> Command.sleepUntil(ctx.now().plus(Duration.ofHours(1))));
        h = TaskHarness.builder().register("job", handler).coordinatorDecorator(Duplicating::new).build();
        h.freeze("node-1");
        h.submit("t1", "job", null);
        h.command("t1", Command.pause()); // stored while unclaimed: comes with the claim AND as an event
        h.unfreeze("node-1");
        h.assertTask("t1").isIn(PAUSED).isOwnedBy("node-1").hasTransitionCommands(PAUSE);

        h.command("t1", Command.run()); // delivered twice as an event
        h.command("t1", Command.pause());
        h.assertTask("t1").isIn(PAUSED).hasTransitionCommands(PAUSE, RUN, SLEEP, PAUSE).hasRejections(0);
        assertThat(handler.calls).hasSize(1);
    }

    @Test
    void aCommandDeliveredRightAfterAClaimThatCompletedBeforeTheConsumerListenedIsApplied() {
        var handler = Handlers.scripted(ctx -> Command.sleepUntil(ctx.now().plus(Duration.ofDays(1))));
        h = TaskHarness.builder().register("job", handler).coordinatorDecorator(CompletedBeforeListened::new).build();
        h.submit("t1", "job", null);
        h.assertTask("t1").isIn(PAUSED).isOwnedBy("node-1");
    }

    @Test
    void aThreadLeakedByAHandlerCannotActOnTheNextStep() throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> leakedFailure = new AtomicReference<>();
        Thread[] leaked = new Thread[1];
        var handler = Handlers.scripted(ctx -> {
            if (ctx.state().version() == 0) {
                TaskContext<JsonNode> stale = ctx;
                leaked[0] = new Thread(() -> {
                    try {
                        go.await();
                        stale.checkpoint(JsonNodeFactory.instance.objectNode().put("stolen", true));
                    } catch (Throwable t) {
                        leakedFailure.set(t);
                    }
                }, "leaked-by-handler");
                leaked[0].start();
                return Command.sleepUntil(ctx.now().plus(Duration.ofHours(1)));
            }
            return Command.pause();
        });
        h = TaskHarness.builder().register("job", handler).build();
        h.submit("t1", "job", null);
        h.command("t1", Command.run()); // the next step: a new callback with a new context
        go.countDown();
        leaked[0].join(10_000);

        assertThat(leakedFailure.get()).isInstanceOf(WindlassException.class)
                .hasMessageContaining("no longer valid")
                .extracting(t -> ((WindlassException) t).code()).isEqualTo(ErrorCode.ILLEGAL_STATE);
        h.assertTask("t1").isIn(PAUSED).hasTransitionCommands(SLEEP, RUN, PAUSE);
        assertThat(h.state("t1").data()).as("the leaked checkpoint never landed").isNull();
    }

    @Test
    void aMonthOfDailySleepsRunsOnVirtualTime() {
        var handler = Handlers.scripted(ctx -> {
            int day = ctx.data() == null ? 0 : ctx.data().get("day").asInt();
            if (day == 31) {
                return Command.complete();
            }
            ctx.checkpoint(JsonNodeFactory.instance.objectNode().put("day", day + 1));
            return Command.sleepUntil(ctx.now().plus(Duration.ofDays(1)));
        });
        h = TaskHarness.builder().register("daily", handler).build();
        Instant t0 = h.now();
        h.submit("t1", "daily", null);
        h.advance(Duration.ofDays(32));

        h.assertTask("t1").isIn(COMPLETED);
        assertThat(handler.calls).hasSize(32);
        assertThat(handler.calls.get(31).at()).isEqualTo(t0.plus(Duration.ofDays(31)));
        assertThat(h.state("t1").data().get("day").asInt()).isEqualTo(31);
    }

    /**
     * Delivers every command twice: each commandArrived event, and each pending command of a claim again (as an event
     * after the claim's result, as the {@link Coordinator#claim} contract allows).
     */
    static final class Duplicating extends ForwardingCoordinator {
        private volatile CoordinatorListener listener;

        Duplicating(Coordinator delegate) {
            super(delegate);
        }

        @Override
        public void start(String nodeId, CoordinatorListener l) {
            listener = l;
            delegate.start(nodeId, new CoordinatorListener() {
                @Override
                public void taskOffered(TaskRecord task) {
                    l.taskOffered(task);
                }

                @Override
                public void claimLost(String taskId, long fence) {
                    l.claimLost(taskId, fence);
                }

                @Override
                public void commandArrived(String taskId, TaskCommand command) {
                    l.commandArrived(taskId, command);
                    l.commandArrived(taskId, command);
                }

                @Override
                public void nodeCommand(NodeCommand command) {
                    l.nodeCommand(command);
                }
            });
        }

        @Override
        public CompletableFuture<ClaimResult> claim(String taskId) {
            CompletableFuture<ClaimResult> out = new CompletableFuture<>();
            delegate.claim(taskId).whenComplete((r, e) -> {
                if (e != null) {
                    out.completeExceptionally(e);
                    return;
                }
                out.complete(r);
                if (r instanceof ClaimResult.Claimed c) {
                    c.claim().pending().forEach(cmd -> listener.commandArrived(taskId, cmd));
                }
            });
            return out;
        }
    }

    /**
     * The claim-completion race the Coordinator#claim contract leaves to the consumer: the claim's future is complete
     * before claim() returns (so the consumer's callback runs late, on its own thread), and a command stored right
     * after the claim has already been delivered by then. The coordinator delivers that command this once only.
     */
    final class CompletedBeforeListened extends ForwardingCoordinator {
        private volatile CoordinatorListener listener;
        private final java.util.Set<String> deliveredEarly = java.util.concurrent.ConcurrentHashMap.newKeySet();

        CompletedBeforeListened(Coordinator delegate) {
            super(delegate);
        }

        @Override
        public void start(String nodeId, CoordinatorListener l) {
            listener = l;
            delegate.start(nodeId, new CoordinatorListener() {
                @Override
                public void taskOffered(TaskRecord task) {
                    l.taskOffered(task);
                }

                @Override
                public void claimLost(String taskId, long fence) {
                    l.claimLost(taskId, fence);
                }

                @Override
                public void commandArrived(String taskId, TaskCommand command) {
                    if (!deliveredEarly.contains(command.id())) {
                        l.commandArrived(taskId, command);
                    }
                }

                @Override
                public void nodeCommand(NodeCommand command) {
                    l.nodeCommand(command);
                }
            });
        }

        @Override
        public CompletableFuture<ClaimResult> claim(String taskId) {
            delegate.claim(taskId); // the in-memory store applies the claim at once; its result is read back below
            var view = h.client().get(taskId).orElseThrow();
            if (view.owner() == null) {
                return CompletableFuture.completedFuture(new ClaimResult.NotClaimed(taskId, "not claimed"));
            }
            ClaimResult won = new ClaimResult.Claimed(new io.windlass.consumer.spi.Claim(view.task(), view.fence(),
                    view.state(), view.pending()));
            h.client().command(taskId, Command.pause());
            TaskCommand pause = h.client().get(taskId).orElseThrow().pending().get(view.pending().size());
            deliveredEarly.add(pause.id());
            listener.commandArrived(taskId, pause); // delivered after the result, before claim() returns
            return CompletableFuture.completedFuture(won);
        }
    }
}
