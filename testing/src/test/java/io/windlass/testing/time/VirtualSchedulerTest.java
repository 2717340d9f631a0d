package io.windlass.testing.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.consumer.time.TaskScheduler;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {
    private final VirtualClock clock = VirtualClock.create();
    private final List<String> fired = new ArrayList<>();
    private final VirtualScheduler scheduler = VirtualScheduler.create(clock, () -> { });
    private final Instant t0 = clock.instant();

    private void at(long seconds, String name) {
        scheduler.schedule(t0.plusSeconds(seconds), () -> fired.add(name + "@" + (clock.instant().getEpochSecond()
                - t0.getEpochSecond())));
    }

    @Test
    void advanceFiresDueTimersInTimeOrderEachAtItsOwnTime() {
        at(30, "c");
        at(10, "a");
        at(20, "b");
        at(10, "a2");
        at(100, "late");

        assertThat(scheduler.advance(Duration.ofSeconds(60))).isEqualTo(t0.plusSeconds(60));

        assertThat(fired).containsExactly("a@10", "a2@10", "b@20", "c@30");
        assertThat(clock.instant()).isEqualTo(t0.plusSeconds(60));
        assertThat(scheduler.pendingTimers()).isEqualTo(1);
        assertThat(scheduler.nextTimer()).contains(t0.plusSeconds(100));
    }

    @Test
    void timersScheduledByActionsFireInTheSameAdvanceWhenDue() {
        scheduler.schedule(t0.plusSeconds(1), () -> {
            fired.add("first");
            scheduler.schedule(clock.instant().plusSeconds(1), () -> fired.add("second@" + clock.instant()));
        });
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(fired).containsExactly("first", "second@" + t0.plusSeconds(2));
    }

    @Test
    void pastTimersNeverFireInsideSchedule() {
        scheduler.advance(Duration.ofSeconds(10));
        scheduler.schedule(t0, () -> fired.add("past@" + clock.instant()));
        assertThat(fired).isEmpty();
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(fired).containsExactly("past@" + t0.plusSeconds(10));
        assertThat(scheduler.runDue()).isZero();
    }

    @Test
    void advanceToNextTimerJumpsAndFiresEverythingAtThatInstant() {
        assertThat(scheduler.advanceToNextTimer()).isEmpty();
        at(3600, "x");
        at(3600, "y");
        at(7200, "z");
        assertThat(scheduler.advanceToNextTimer()).contains(t0.plusSeconds(3600));
        assertThat(fired).containsExactly("x@3600", "y@3600");
        assertThat(scheduler.advanceToNextTimer()).contains(t0.plusSeconds(7200));
        assertThat(fired).containsExactly("x@3600", "y@3600", "z@7200");
        assertThat(scheduler.pendingTimers()).isZero();
        assertThat(clock.instant()).isEqualTo(t0.plusSeconds(7200));
    }

    @Test
    void cancelledTimersNeverFireAndCancelIsIdempotent() {
        TaskScheduler.Timer timer = scheduler.schedule(t0.plusSeconds(1), () -> fired.add("cancelled"));
        at(2, "kept");
        timer.cancel();
        timer.cancel();
        assertThat(scheduler.pendingTimers()).isEqualTo(1);
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(fired).containsExactly("kept@2");
        timer.cancel();
    }

    @Test
    void settleRunsAfterEachTimerSoTriggeredWorkHappensAtThatTime() {
        DeterministicExecutor executor = DeterministicExecutor.create();
        VirtualScheduler settled = VirtualScheduler.create(clock, executor::runAll);
        settled.schedule(t0.plusSeconds(1), () -> executor.execute(() -> fired.add("work@" + clock.instant())));
        settled.schedule(t0.plusSeconds(2), () -> fired.add("timer2@" + clock.instant()));
        settled.advance(Duration.ofSeconds(3));
        assertThat(fired).containsExactly("work@" + t0.plusSeconds(1), "timer2@" + t0.plusSeconds(2));
    }

    @Test
    void aMonthOfHourlyTimersRunsQuickly() {
        int[] count = {0};
        Runnable[] hourly = new Runnable[1];
        hourly[0] = () -> {
            count[0]++;
            scheduler.schedule(clock.instant().plus(Duration.ofHours(1)), hourly[0]);
        };
        scheduler.schedule(t0.plus(Duration.ofHours(1)), hourly[0]);
        scheduler.advance(Duration.ofDays(30));
        assertThat(count[0]).isEqualTo(30 * 24);
    }

    @Test
    void movingTimeFromInsideAnActionIsRefused() {
        scheduler.schedule(t0.plusSeconds(1), () -> scheduler.advance(Duration.ofSeconds(1)));
        assertThatThrownBy(() -> scheduler.advance(Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(WindlassException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_STATE));
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(clock.instant()).isEqualTo(t0.plusSeconds(3));
    }

    @Test
    void rejectsGoingBack() {
        assertThatThrownBy(() -> scheduler.advance(Duration.ofSeconds(-1))).isInstanceOf(WindlassException.class);
        assertThatThrownBy(() -> scheduler.advanceTo(t0.minusSeconds(1))).isInstanceOf(WindlassException.class);
    }

    @Test
    void schedulingFromOtherThreadsIsSafe() throws InterruptedException {
        int[] count = {0};
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            int offset = i;
            threads[i] = new Thread(() -> {
                for (int j = 0; j < 500; j++) {
                    scheduler.schedule(t0.plusSeconds(j % 50 + offset), () -> count[0]++);
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(scheduler.pendingTimers()).isEqualTo(2000);
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(count[0]).isEqualTo(2000);
    }
}
