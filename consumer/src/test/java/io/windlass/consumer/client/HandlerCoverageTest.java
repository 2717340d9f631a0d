package io.windlass.consumer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HandlerCoverageTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String NOTE = "no handler for type x on any live node";

    private static TaskView task(String type, StateCode code, String owner) {
        TaskState st = TaskState.initial();
        TaskState s = new TaskState(code, null, st.errors(), st.data(), st.version());
        return new TaskView("t1", new TaskRecord("t1", type, null, T0), new StoredState(s, 5, "", 0, T0), owner,
                owner == null ? 0 : 7, List.of(), null);
    }

    private static NodeInfo node(String id, String... types) {
        return new NodeInfo(id, "h", T0, 0, false, Set.of(types));
    }

    @Test
    void notesAnUnclaimedLiveTaskWhoseTypeNoLiveNodeHandles() {
        assertThat(HandlerCoverage.note(task("x", StateCode.RUNNABLE, null), List.of(node("a", "y"), node("b", "z"))))
                .contains(NOTE);
        assertThat(HandlerCoverage.note(task("x", StateCode.PAUSED, null), List.of(node("a", "y")))).contains(NOTE);
        assertThat(HandlerCoverage.note(task("x", StateCode.RUNNABLE, null), List.of()))
                .contains(NOTE + " (no node is live)");
    }

    @Test
    void saysNothingWhenSomeLiveNodeHandlesTheType() {
        assertThat(HandlerCoverage.note(task("x", StateCode.RUNNABLE, null), List.of(node("a", "y"), node("b", "x", "y"))))
                .isEmpty();
    }

    @Test
    void saysNothingWhenANodeAdvertisesNoTypesBecauseThatIsUnknown() {
        assertThat(HandlerCoverage.note(task("x", StateCode.RUNNABLE, null),
                List.of(node("a", "y"), new NodeInfo("old", "h", T0, 0, false)))).isEmpty();
    }

    @Test
    void saysNothingForFinishedClaimedQuarantinedOrIncompleteTasks() {
        List<NodeInfo> nodes = List.of(node("a", "y"));
        assertThat(HandlerCoverage.note(task("x", StateCode.COMPLETED, null), nodes)).isEmpty();
        assertThat(HandlerCoverage.note(task("x", StateCode.KILLED, null), nodes)).isEmpty();
        assertThat(HandlerCoverage.note(task("x", StateCode.RUNNABLE, "a"), nodes)).isEmpty();
        TaskView v = task("x", StateCode.RUNNABLE, null);
        assertThat(HandlerCoverage.note(new TaskView("t1", v.task(), v.state(), null, 0, List.of(),
                new TaskView.Quarantine("k", "bad", new byte[0])), nodes)).isEmpty();
        assertThat(HandlerCoverage.note(new TaskView("t1", null, v.state(), null, 0, List.of(), null), nodes)).isEmpty();
        assertThat(HandlerCoverage.note(new TaskView("t1", v.task(), null, null, 0, List.of(), null), nodes)).isEmpty();
    }

    @Test
    void nodeInfoCopiesItsTypesAndRefusesNull() {
        assertThatThrownBy(() -> new NodeInfo("a", "h", T0, 0, false, null)).isInstanceOf(NullPointerException.class);
        assertThat(new NodeInfo("a", "h", T0, 0, false).handlerTypes()).isEmpty();
        assertThat(node("a", "x").handlerTypes()).containsExactly("x");
    }
}
