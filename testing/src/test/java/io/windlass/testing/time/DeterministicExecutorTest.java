package io.windlass.testing.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.statemachine.WindlassException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterministicExecutorTest {
    private final DeterministicExecutor executor = DeterministicExecutor.create();
    private final List<String> ran = new ArrayList<>();

    @Test
    void queuesUntilRunAndRunsInOrderOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        executor.execute(() -> ran.add("a"));
        executor.execute(() -> ran.add(Thread.currentThread() == caller ? "b-on-caller" : "b-elsewhere"));
        assertThat(ran).isEmpty();
        assertThat(executor.isIdle()).isFalse();
        assertThat(executor.queued()).isEqualTo(2);

        assertThat(executor.runAll()).isEqualTo(2);
        assertThat(ran).containsExactly("a", "b-on-caller");
        assertThat(executor.isIdle()).isTrue();
        assertThat(executor.executed()).isEqualTo(2);
    }

    @Test
    void runAllIncludesWorkQueuedByWork() {
        executor.execute(() -> {
            ran.add("parent");
            executor.execute(() -> ran.add("child"));
        });
        executor.execute(() -> ran.add("sibling"));
        executor.runAll();
        assertThat(ran).containsExactly("parent", "sibling", "child");
    }

    @Test
    void runOneRunsExactlyOne() {
        assertThat(executor.runOne()).isFalse();
        executor.execute(() -> ran.add("1"));
        executor.execute(() -> ran.add("2"));
        assertThat(executor.runOne()).isTrue();
        assertThat(ran).containsExactly("1");
        assertThat(executor.queued()).isEqualTo(1);
    }

    @Test
    void aFailingTaskPropagatesAndLeavesTheRestQueued() {
        executor.execute(() -> {
            throw new IllegalStateException("boom");
        });
        executor.execute(() -> ran.add("after"));
        assertThatThrownBy(executor::runAll).hasMessage("boom");
        assertThat(executor.queued()).isEqualTo(1);
        executor.runAll();
        assertThat(ran).containsExactly("after");
    }

    @Test
    void reportsWorkThatNeverSettles() {
        DeterministicExecutor bounded = DeterministicExecutor.create(100);
        Runnable[] again = new Runnable[1];
        again[0] = () -> bounded.execute(again[0]);
        bounded.execute(again[0]);
        assertThatThrownBy(bounded::runAll).isInstanceOf(WindlassException.class).hasMessageContaining("not idle");
    }
}
