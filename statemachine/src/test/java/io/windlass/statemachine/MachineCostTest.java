package io.windlass.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Machines are cheap and the shared instance is thread-safe: many applies on one and on several threads, no machine
 * kept per task. A smoke check, not a benchmark: nothing here asserts timing.
 */
class MachineCostTest {
    private static final TaskStateMachine FSM = TaskStateMachine.standard();

    @Test
    void tenThousandAppliesInARow() {
        TaskState s = TaskState.initial();
        Instant now = Samples.NOW;
        for (int i = 0; i < 10_000; i++) {
            Command c = switch (i % 4) {
                case 0 -> Command.sleepUntil(now.plusSeconds(1));
                case 1 -> Command.checkpoint();
                case 2 -> Command.run();
                default -> Command.release();
            };
            Outcome o = FSM.apply("t" + i, s, c, now);
            assertThat(o).isInstanceOf(Outcome.Applied.class);
            s = ((Outcome.Applied) o).state();
            now = now.plusMillis(1);
        }
        assertThat(s.version()).isEqualTo(10_000);
        assertThat(s.code()).isEqualTo(StateCode.RUNNABLE);
    }

    @Test
    void theSharedMachineServesSeveralThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<TaskState>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    TaskState s = TaskState.initial();
                    for (int i = 0; i < 2_000; i++) {
                        Command c = i % 2 == 0 ? Command.pause() : Command.run();
                        s = ((Outcome.Applied) FSM.apply("t", s, c, Samples.NOW)).state();
                    }
                    return s;
                }));
            }
            for (Future<TaskState> f : results) {
                TaskState s = f.get(60, TimeUnit.SECONDS);
                assertThat(s.code()).isEqualTo(StateCode.RUNNABLE);
                assertThat(s.version()).isEqualTo(2_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
