package io.windlass.testing.harness;

import static io.windlass.statemachine.StateCode.COMPLETED;
import static io.windlass.statemachine.StateCode.RUNNABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.statemachine.Command;
import org.junit.jupiter.api.Test;

class TaskHarnessSmokeTest {

    @Test
    void aTaskThatCompletesAtOnce() {
        var handler = Handlers.scripted(ctx -> Command.complete());
        try (TaskHarness h = TaskHarness.builder().register("done", handler).build()) {
            h.submit("t1", "done", null);
            h.assertTask("t1").isIn(COMPLETED).wentThrough(COMPLETED).isUnclaimed().hasNoPendingCommands();
            assertThat(handler.calls).hasSize(1);
            assertThat(h.history("t1")).extracting(t -> t.from()).containsExactly(RUNNABLE);
        }
    }
}
