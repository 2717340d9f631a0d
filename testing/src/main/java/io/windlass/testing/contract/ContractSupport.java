package io.windlass.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.consumer.spi.CoordinatorListener;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;

/**
 * Hooks and helpers of the {@link CoordinatorContract}. Every wait polls an observable condition (after letting
 * events flow with {@link #awaitQuiet()}) until {@link #timeout()}, so the same tests run on a deterministic in-memory
 * store and on a real etcd.
 */
public abstract class ContractSupport {
    /** The base instant of the commands {@link #sleep} makes. */
    protected static final Instant COMMANDS_BASE = Instant.parse("2100-01-01T00:00:00Z");
    private final List<Coordinator> started = new ArrayList<>();

    /**
     * A new, unstarted coordinator on the namespace of the current test. Each test method must get a fresh, empty
     * namespace (create it in a {@code @BeforeEach}); the coordinators the tests start are closed after each test.
     */
    protected abstract Coordinator newCoordinator();

    /** The client of the current test's namespace (the same instance for the whole test). */
    protected abstract TaskClient client();

    /** Makes the task's claim vanish under its live owner, as a lease expiry would (the owner gets claimLost). */
    protected abstract void expireClaim(String taskId);

    /** Lets pending events and results flow (in memory: run the event executor). Called before every poll. */
    protected void awaitQuiet() {
    }

    /** The longest a test waits for one condition. */
    protected Duration timeout() {
        return Duration.ofSeconds(10);
    }

    @AfterEach
    protected void closeStartedCoordinators() {
        for (Coordinator coordinator : started) {
            try {
                coordinator.close();
            } catch (RuntimeException e) {
                // best effort: the test already reported what matters
            }
        }
        started.clear();
        awaitQuiet();
    }

    /** A started node with a recording listener. */
    protected record Node(String id, Coordinator coordinator, RecordingListener events) {
    }

    protected Node startNode(String nodeId) {
        return startNode(nodeId, UnaryOperator.identity());
    }

    /** A started node whose recording listener is wrapped by {@code wrap} (to observe the events as they arrive). */
    protected Node startNode(String nodeId, UnaryOperator<CoordinatorListener> wrap) {
        Coordinator coordinator = newCoordinator();
        RecordingListener listener = new RecordingListener();
        coordinator.start(nodeId, wrap.apply(listener));
        started.add(coordinator);
        return new Node(nodeId, coordinator, listener);
    }

    /** A distinguishable command: sleep until 2100-01-01 + {@code i} seconds (legal in RUNNABLE). */
    protected static Command sleep(int i) {
        return Command.sleepUntil(COMMANDS_BASE.plusSeconds(i));
    }

    /** Sends {@link #sleep} commands {@code from} .. {@code from + count - 1} to the task; their ids in order. */
    protected List<String> send(String taskId, int from, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            ids.add(client().command(taskId, sleep(i)));
        }
        return ids;
    }

    protected TaskRecord submit(String taskId) {
        return client().submit(taskId, "contract", JsonNodeFactory.instance.objectNode().put("name", taskId));
    }

    protected <T> T await(CompletableFuture<T> future) {
        awaitUntil("a coordinator result", future::isDone);
        try {
            return future.get(0, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError("coordinator future failed", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("future not complete although isDone", e);
        }
    }

    protected void awaitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout().toNanos();
        while (true) {
            awaitQuiet();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout() + " waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    protected void awaitOffered(Node node, String taskId) {
        awaitUntil(node.id() + " offered " + taskId, () -> node.events().offered().contains(taskId));
    }

    protected Claim claim(Node node, String taskId) {
        ClaimResult result = await(node.coordinator().claim(taskId));
        assertThat(result).as("%s claims %s", node.id(), taskId).isInstanceOf(ClaimResult.Claimed.class);
        return ((ClaimResult.Claimed) result).claim();
    }

    protected void assertNotClaimable(Node node, String taskId) {
        assertThat(await(node.coordinator().claim(taskId))).as("%s claims %s", node.id(), taskId)
                .isInstanceOf(ClaimResult.NotClaimed.class);
    }

    /** The next RUNNABLE version of {@code stored}, with checkpoint data {@code {"step": version}}. */
    protected static TaskState nextState(StoredState stored) {
        long version = stored.state().version() + 1;
        return new TaskState(StateCode.RUNNABLE, null, List.of(),
                JsonNodeFactory.instance.objectNode().put("step", version), version);
    }

    protected static TaskState completed(StoredState stored) {
        return new TaskState(StateCode.COMPLETED, null, List.of(), null, stored.state().version() + 1);
    }

    /** A fenced write of {@code to} over {@code from} (expected revision = {@code from.revision()}). */
    protected WriteResult write(Node node, String taskId, long fence, StoredState from, TaskState to,
                                List<String> acks, boolean release, boolean finish) {
        return await(node.coordinator().write(
                new StateWrite(taskId, fence, from.revision(), to, acks, release, finish)));
    }

    /** A plain fenced transition of the claimed task to {@link #nextState}; asserts it committed. */
    protected StoredState commit(Node node, Claim claim, StoredState from) {
        WriteResult result = await(node.coordinator().write(new StateWrite(claim.task().id(), claim.fence(),
                from.revision(), nextState(from), List.of(), false, false)));
        assertThat(result).as("write by %s", node.id()).isInstanceOf(WriteResult.Committed.class);
        return ((WriteResult.Committed) result).state();
    }

    protected TaskView view(String taskId) {
        return client().get(taskId).orElseThrow(() -> new AssertionError("task " + taskId + " not found"));
    }

    protected static void assertCode(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WindlassException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }
}
