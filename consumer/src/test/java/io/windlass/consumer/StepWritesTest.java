package io.windlass.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.Outcome;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepWritesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final List<String> rejected = new ArrayList<>();
    private final ConsumerListener listener = new ConsumerListener() {
        @Override
        public void commandRejected(String taskId, TaskCommand command, String reason) {
            rejected.add(taskId + " " + command.id() + ": " + reason);
        }
    };
    private final PendingCommands queued = new PendingCommands();

    private static Outcome.Applied applied(StateCode from, CommandKind command, StateCode to) {
        TaskState next = new TaskState(to, to == StateCode.SLEEPING ? T0.plusSeconds(60) : null, List.of(), null, 2);
        return new Outcome.Applied(next, new Transition(T0, from, command, to, 2));
    }

    @Test
    void aFinishingTransitionAcknowledgesEveryQueuedCommandAsRejected() {
        queued.offer(new TaskCommand("c2", Command.pause(), T0));
        queued.offer(new TaskCommand("c3", Command.run(), T0));
        StateWrite w = StepWrites.transition("t1", 7, 40, applied(StateCode.RUNNABLE, CommandKind.KILL,
                StateCode.KILLED), List.of("c1"), false, queued, listener);
        assertThat(w).isEqualTo(new StateWrite("t1", 7, 40, w.newState(), List.of("c1", "c2", "c3"), false, true));
        assertThat(queued.isEmpty()).isTrue();
        assertThat(rejected).containsExactly("t1 c2: task t1 is KILLED: PAUSE arrived after it finished",
                "t1 c3: task t1 is KILLED: RUN arrived after it finished");
    }

    @Test
    void aReleaseOrAStoppingRunnerReleasesTheClaimAndQueuedCommandsStay() {
        queued.offer(new TaskCommand("c2", Command.pause(), T0));
        StateWrite released = StepWrites.transition("t1", 7, 40, applied(StateCode.RUNNABLE, CommandKind.RELEASE,
                StateCode.RUNNABLE), List.of("c1"), false, queued, listener);
        StateWrite stopping = StepWrites.transition("t1", 7, 40, applied(StateCode.RUNNABLE, CommandKind.SLEEP,
                StateCode.SLEEPING), List.of(), true, queued, listener);
        StateWrite plain = StepWrites.transition("t1", 7, 40, applied(StateCode.RUNNABLE, CommandKind.SLEEP,
                StateCode.SLEEPING), List.of(), false, queued, listener);
        assertThat(List.of(released.releaseClaim(), stopping.releaseClaim(), plain.releaseClaim()))
                .containsExactly(true, true, false);
        assertThat(released.ackCommandIds()).containsExactly("c1");
        assertThat(List.of(released, stopping, plain)).noneMatch(StateWrite::finish);
        assertThat(queued.size()).isEqualTo(1);
        assertThat(rejected).isEmpty();
    }

    @Test
    void aRejectedCommandIsAcknowledgedWithTheUnchangedStateAndReported() {
        TaskState paused = new TaskState(StateCode.PAUSED, null, List.of(), null, 3);
        TaskCommand pause = new TaskCommand("c1", Command.pause(), T0);
        StateWrite w = StepWrites.rejection("t1", 7, 40, paused, pause, "already paused", listener);
        assertThat(w).isEqualTo(new StateWrite("t1", 7, 40, paused, List.of("c1"), false, false));
        assertThat(rejected).containsExactly("t1 c1: already paused");
    }

    @Test
    void aTaskClaimedInATerminalStateIsStoredAsFinishedRejectingWhatIsQueued() {
        TaskState completed = new TaskState(StateCode.COMPLETED, null, List.of(), null, 9);
        queued.offer(new TaskCommand("c1", Command.run(), T0));
        StateWrite w = StepWrites.finishing("t1", 7, 40, completed, queued, listener);
        assertThat(w).isEqualTo(new StateWrite("t1", 7, 40, completed, List.of("c1"), false, true));
        assertThat(rejected).containsExactly("t1 c1: task t1 is COMPLETED: RUN arrived after it finished");
        assertThat(StepWrites.rejectQueued("t1", StateCode.COMPLETED, queued, listener)).isEmpty();
    }
}
