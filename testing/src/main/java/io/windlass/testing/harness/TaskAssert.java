package io.windlass.testing.harness;

import io.windlass.consumer.client.TaskView;
import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on one task of a {@link TaskHarness}, taken as a snapshot when created:
 * {@code TaskAssert.assertThat(harness, "t1").isIn(StateCode.SLEEPING).wentThrough(RUNNABLE, SLEEPING)}.
 */
public final class TaskAssert extends AbstractAssert<TaskAssert, TaskAssert.Snapshot> {

    /** What the harness knows about a task at one moment. */
    public record Snapshot(String id, TaskState state, String owner, int pendingCommands, List<Transition> history,
                           List<TaskHarness.Rejection> rejections) {
    }

    private TaskAssert(Snapshot actual) {
        super(actual, TaskAssert.class);
    }

    public static TaskAssert assertThat(TaskHarness harness, String taskId) {
        TaskView view = harness.view(taskId).orElse(null);
        Snapshot s = new Snapshot(taskId, view == null || view.state() == null ? null : view.state().state(),
                view == null ? null : view.owner(), view == null ? 0 : view.pending().size(),
                harness.history(taskId), harness.rejections(taskId));
        return new TaskAssert(s);
    }

    private TaskState state() {
        isNotNull();
        if (actual.state() == null) {
            failWithMessage("Expected task <%s> to exist with a state, but it has none", actual.id());
        }
        return actual.state();
    }

    public TaskAssert isIn(StateCode expected) {
        TaskState s = state();
        if (s.code() != expected) {
            failWithMessage("Expected task <%s> to be in <%s> but it is in <%s> (history: %s)", actual.id(), expected,
                    s.code(), actual.history());
        }
        return this;
    }

    public TaskAssert isSleepingUntil(Instant until) {
        isIn(StateCode.SLEEPING);
        if (!Objects.equals(state().until(), until)) {
            failWithMessage("Expected task <%s> to sleep until <%s> but it sleeps until <%s>", actual.id(), until,
                    state().until());
        }
        return this;
    }

    /** The states the task entered, in order, contain {@code states} as a subsequence. */
    public TaskAssert wentThrough(StateCode... states) {
        List<StateCode> entered = actual.history().stream().map(Transition::to).toList();
        int i = 0;
        for (StateCode s : entered) {
            if (i < states.length && s == states[i]) {
                i++;
            }
        }
        if (i < states.length) {
            failWithMessage("Expected task <%s> to go through %s in this order, but it entered %s", actual.id(),
                    Arrays.toString(states), entered);
        }
        return this;
    }

    /** The commands of the stored transitions are exactly {@code kinds}, in order. */
    public TaskAssert hasTransitionCommands(CommandKind... kinds) {
        List<CommandKind> applied = actual.history().stream().map(Transition::command).toList();
        if (!applied.equals(List.of(kinds))) {
            failWithMessage("Expected task <%s> to have transitions by %s but had %s (history: %s)", actual.id(),
                    Arrays.toString(kinds), applied, actual.history());
        }
        return this;
    }

    public TaskAssert isOwnedBy(String nodeId) {
        isNotNull();
        if (!Objects.equals(actual.owner(), nodeId)) {
            failWithMessage("Expected task <%s> to be owned by <%s> but its owner is <%s>", actual.id(), nodeId,
                    actual.owner());
        }
        return this;
    }

    public TaskAssert isUnclaimed() {
        return isOwnedBy(null);
    }

    public TaskAssert hasErrorCount(int expected) {
        int n = state().errors().size();
        if (n != expected) {
            failWithMessage("Expected task <%s> to have %s error(s) but it has %s: %s", actual.id(), expected, n,
                    state().errors());
        }
        return this;
    }

    public TaskAssert hasNoPendingCommands() {
        isNotNull();
        if (actual.pendingCommands() != 0) {
            failWithMessage("Expected task <%s> to have no pending commands but it has %s", actual.id(),
                    actual.pendingCommands());
        }
        return this;
    }

    public TaskAssert hasRejections(int expected) {
        isNotNull();
        if (actual.rejections().size() != expected) {
            failWithMessage("Expected task <%s> to have %s rejected command(s) but had %s", actual.id(), expected,
                    actual.rejections());
        }
        return this;
    }
}
