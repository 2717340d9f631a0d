package io.windlass.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.time.TaskScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WakeUpsTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    /** A manual virtual-time scheduler: timers fire when {@link #advanceTo} passes them, in time order. */
    static final class ManualScheduler implements TaskScheduler {
        final class T implements Timer {
            final Instant at;
            final Runnable action;
            boolean cancelled;

            T(Instant at, Runnable action) {
                this.at = at;
                this.action = action;
            }

            @Override
            public void cancel() {
                cancelled = true;
                pending.remove(this);
            }
        }

        Instant now = T0;
        final List<T> pending = new ArrayList<>();
        int maxPending;

        @Override
        public Clock clock() {
            return Clock.fixed(now, ZoneOffset.UTC);
        }

        @Override
        public Timer schedule(Instant at, Runnable action) {
            T t = new T(at, action);
            pending.add(t);
            maxPending = Math.max(maxPending, pending.size());
            return t;
        }

        void advanceTo(Instant target) {
            while (true) {
                T next = pending.stream().min(Comparator.comparing(t -> t.at)).orElse(null);
                if (next == null || next.at.isAfter(target)) {
                    break;
                }
                pending.remove(next);
                if (next.at.isAfter(now)) {
                    now = next.at;
                }
                next.action.run();
            }
            now = target;
        }
    }

    private final ManualScheduler scheduler = new ManualScheduler();
    private final WakeUps wakeUps = new WakeUps(scheduler);
    private final Mailbox mailbox = new Mailbox("test", "1", Runnable::run);
    private final Map<Integer, List<Instant>> fired = new HashMap<>();

    private SleepTimer timer(int id) {
        return new SleepTimer(wakeUps, mailbox, due -> fired.computeIfAbsent(id, k -> new ArrayList<>())
                .add(scheduler.now()));
    }

    @Test
    void manyTimersFireOnceEachAtTheirInstantWithOneSchedulerTimerArmed() {
        Random random = new Random(7);
        Map<Integer, Instant> expected = new HashMap<>();
        List<SleepTimer> timers = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            SleepTimer t = timer(i);
            timers.add(t);
            Instant at = T0.plusMillis(1 + random.nextInt(10_000));
            t.arm(at);
            expected.put(i, at);
        }
        for (int i = 0; i < 500; i += 3) { // re-arm some, cancel others
            Instant at = T0.plusMillis(1 + random.nextInt(10_000));
            timers.get(i).arm(at);
            expected.put(i, at);
            timers.get(i + 1).cancel();
            expected.remove(i + 1);
        }
        assertThat(scheduler.maxPending).isEqualTo(1);
        assertThat(wakeUps.size()).isEqualTo(expected.size());

        scheduler.advanceTo(T0.plusSeconds(20));

        assertThat(fired).hasSameSizeAs(expected);
        expected.forEach((id, at) -> assertThat(fired.get(id)).as("timer %s", id).containsExactly(at));
        assertThat(wakeUps.size()).isZero();
        assertThat(scheduler.pending).isEmpty();
    }

    @Test
    void aCancelledOrMovedTimerDoesNotFireAtItsOldInstant() {
        SleepTimer a = timer(1);
        SleepTimer b = timer(2);
        a.arm(T0.plusSeconds(5));
        b.arm(T0.plusSeconds(10));
        a.cancel();
        b.arm(T0.plusSeconds(20));
        scheduler.advanceTo(T0.plusSeconds(15));
        assertThat(fired).isEmpty();
        scheduler.advanceTo(T0.plusSeconds(20));
        assertThat(fired).containsOnlyKeys(2);
        assertThat(fired.get(2)).containsExactly(T0.plusSeconds(20));
    }

    @Test
    void anEarlierTimerReArmsTheSchedulerAndAnEmptyHeapDisarmsIt() {
        SleepTimer far = timer(1);
        far.arm(T0.plus(Duration.ofDays(365)));
        SleepTimer near = timer(2);
        near.arm(T0.plusSeconds(1));
        assertThat(scheduler.pending).singleElement().satisfies(t -> assertThat(t.at).isEqualTo(T0.plusSeconds(1)));
        scheduler.advanceTo(T0.plusSeconds(1));
        assertThat(fired).containsOnlyKeys(2);
        assertThat(scheduler.pending).singleElement().satisfies(t -> assertThat(t.at)
                .isEqualTo(T0.plus(Duration.ofDays(365))));
        far.cancel();
        assertThat(scheduler.pending).isEmpty();
    }

    @Test
    void armingTheSameInstantTwiceKeepsOneEntry() {
        SleepTimer a = timer(1);
        a.arm(T0.plusSeconds(3));
        a.arm(T0.plusSeconds(3));
        assertThat(wakeUps.size()).isEqualTo(1);
        scheduler.advanceTo(T0.plusSeconds(3));
        assertThat(fired.get(1)).containsExactly(T0.plusSeconds(3));
    }
}
