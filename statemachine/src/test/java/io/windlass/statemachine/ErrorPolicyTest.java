package io.windlass.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorPolicyTest {
    private static final Instant NOW = Samples.NOW;
    private static final TaskStateMachine FSM = TaskStateMachine.standard();

    /** {@code n} errors, one a minute, the newest {@code ageOfNewest} before now. */
    private static List<TaskError> errors(int n, Duration ageOfNewest) {
        List<TaskError> list = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            list.add(TaskError.of(NOW.minus(ageOfNewest).minus(Duration.ofMinutes(i)), "error " + (n - i)));
        }
        return list;
    }

    /** Applies a decision the way the engine does: keep the policy's errors, then apply its command in FAULT. */
    private static TaskState applyDecision(List<TaskError> errors, ErrorPolicy.Decision d) {
        TaskState fault = new TaskState(StateCode.FAULT, null, errors, null, 5).withErrors(d.keptErrors());
        return ((Outcome.Applied) FSM.apply("t1", fault, d.next(), NOW)).state();
    }

    // ---- Metafora default: the cases the issue lists ----

    @Test
    void oneErrorSleepsAtLeastNineMinutesAndKeepsTheError() {
        List<TaskError> one = errors(1, Duration.ZERO);
        ErrorPolicy.Decision d = ErrorPolicy.metafora().decide(one, NOW);

        assertThat(d.next()).isInstanceOf(Command.Sleep.class);
        assertThat(((Command.Sleep) d.next()).until()).isAfterOrEqualTo(NOW.plus(Duration.ofMinutes(9)))
                .isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(d.keptErrors()).isEqualTo(one);
        TaskState next = applyDecision(one, d);
        assertThat(next.code()).isEqualTo(StateCode.SLEEPING);
        assertThat(next.errors()).hasSize(1);
    }

    @Test
    void tenRecentErrorsFailTheTaskWithAtMostEightKept() {
        List<TaskError> ten = errors(10, Duration.ZERO);
        ErrorPolicy.Decision d = ErrorPolicy.metafora().decide(ten, NOW);

        assertThat(d.next()).isInstanceOf(Command.Error.class);
        assertThat(((Command.Error) d.next()).error().message()).contains("exceeded error rate");
        assertThat(d.keptErrors()).hasSizeLessThanOrEqualTo(8).isEqualTo(ten.subList(3, 10));
        TaskState failed = applyDecision(ten, d);
        assertThat(failed.code()).isEqualTo(StateCode.FAILED);
        assertThat(failed.errors()).hasSizeLessThanOrEqualTo(8);
        assertThat(failed.errors().get(failed.errors().size() - 1).message()).contains("exceeded error rate");
    }

    @Test
    void errorsOlderThanFourHoursDoNotCount() {
        List<TaskError> list = new ArrayList<>(errors(10, Duration.ofHours(4).plusMinutes(1))); // all too old
        list.add(TaskError.of(NOW, "fresh"));
        ErrorPolicy.Decision d = ErrorPolicy.metafora().decide(list, NOW);

        assertThat(d.next()).isInstanceOf(Command.Sleep.class);
        assertThat(d.keptErrors()).hasSize(8).endsWith(list.get(10));
    }

    @Test
    void exactlyEightRecentErrorsFail_sevenRetry() {
        assertThat(ErrorPolicy.metafora().decide(errors(8, Duration.ZERO), NOW).next()).isInstanceOf(Command.Error.class);
        assertThat(ErrorPolicy.metafora().decide(errors(7, Duration.ZERO), NOW).next()).isInstanceOf(Command.Sleep.class);
    }

    @Test
    void anErrorExactlyAtTheWindowEdgeIsNotRecent() {
        List<TaskError> list = new ArrayList<>(errors(7, Duration.ZERO));
        list.add(0, TaskError.of(NOW.minus(Duration.ofHours(4)), "edge"));
        assertThat(ErrorPolicy.metafora().decide(list, NOW).next()).isInstanceOf(Command.Sleep.class);
    }

    @Test
    void customMetaforaNumbers() {
        ErrorPolicy p = ErrorPolicy.metafora(Duration.ofMinutes(30), 3, Duration.ofSeconds(5));
        assertThat(((Command.Sleep) p.decide(errors(2, Duration.ZERO), NOW).next()).until())
                .isEqualTo(NOW.plusSeconds(5));
        ErrorPolicy.Decision giveUp = p.decide(errors(3, Duration.ZERO), NOW);
        assertThat(giveUp.next()).isInstanceOf(Command.Error.class);
        assertThat(giveUp.keptErrors()).hasSize(2);
        assertThat(p.decide(errors(3, Duration.ofMinutes(31)), NOW).next()).isInstanceOf(Command.Sleep.class);
        ErrorPolicy one = ErrorPolicy.metafora(Duration.ofHours(1), 1, Duration.ofSeconds(1));
        assertThat(one.decide(errors(1, Duration.ZERO), NOW).keptErrors()).hasSize(1); // never empty in FAULT
    }

    @Test
    void metaforaValidatesItsNumbers() {
        assertInvalid(() -> ErrorPolicy.metafora(Duration.ZERO, 8, Duration.ofMinutes(1)), "window");
        assertInvalid(() -> ErrorPolicy.metafora(Duration.ofHours(1), 0, Duration.ofMinutes(1)), "maxErrors");
        assertInvalid(() -> ErrorPolicy.metafora(Duration.ofHours(1), 8, Duration.ofSeconds(-1)), "retryDelay");
        assertInvalid(() -> ErrorPolicy.metafora(null, 8, Duration.ofSeconds(1)), "window");
    }

    @Test
    void policiesArePureFunctionsOfErrorsAndNow() {
        List<TaskError> list = errors(3, Duration.ZERO);
        ErrorPolicy p = ErrorPolicy.metafora();
        assertThat(p.decide(list, NOW)).isEqualTo(p.decide(list, NOW));
        assertThat(list).hasSize(3);
    }

    // ---- exponential backoff ----

    @Test
    void backoffDoublesUpToTheCapThenGivesUp() {
        ErrorPolicy p = ErrorPolicy.exponentialBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 6);
        long[] expectedSeconds = {1, 2, 4, 8, 10, 10};
        for (int n = 1; n <= 6; n++) {
            ErrorPolicy.Decision d = p.decide(errors(n, Duration.ZERO), NOW);
            assertThat(((Command.Sleep) d.next()).until()).as("attempt %d", n)
                    .isEqualTo(NOW.plusSeconds(expectedSeconds[n - 1]));
            assertThat(d.keptErrors()).hasSize(n);
        }
        ErrorPolicy.Decision giveUp = p.decide(errors(7, Duration.ZERO), NOW);
        assertThat(giveUp.next()).isInstanceOf(Command.Error.class);
        assertThat(((Command.Error) giveUp.next()).error().message()).contains("exceeded max attempts: 7 errors (limit 6)");
        assertThat(giveUp.keptErrors()).hasSize(5);
        assertThat(applyDecision(errors(7, Duration.ZERO), giveUp).errors()).hasSize(6);
    }

    @Test
    void backoffKeepsAtMostMaxAttemptsSoTheNextErrorGivesUp() {
        ErrorPolicy p = ErrorPolicy.exponentialBackoff(Duration.ofSeconds(1), 1.5, Duration.ofMinutes(1), 3);
        assertThat(p.decide(errors(3, Duration.ZERO), NOW).next()).isInstanceOf(Command.Sleep.class);
        assertThat(((Command.Sleep) p.decide(errors(2, Duration.ZERO), NOW).next()).until())
                .isEqualTo(NOW.plusMillis(1500));
    }

    @Test
    void backoffWithHugeExponentStaysCapped() {
        ErrorPolicy p = ErrorPolicy.exponentialBackoff(Duration.ofDays(1), 1000.0, Duration.ofDays(30), 500);
        assertThat(((Command.Sleep) p.decide(errors(400, Duration.ZERO), NOW).next()).until())
                .isEqualTo(NOW.plus(Duration.ofDays(30)));
    }

    @Test
    void backoffValidatesItsNumbers() {
        Duration s = Duration.ofSeconds(1);
        assertInvalid(() -> ErrorPolicy.exponentialBackoff(Duration.ZERO, 2, s, 3), "initial");
        assertInvalid(() -> ErrorPolicy.exponentialBackoff(s, 0.5, s, 3), "multiplier");
        assertInvalid(() -> ErrorPolicy.exponentialBackoff(s, Double.NaN, s, 3), "multiplier");
        assertInvalid(() -> ErrorPolicy.exponentialBackoff(s, 2, Duration.ofMillis(10), 3), "maxDelay");
        assertInvalid(() -> ErrorPolicy.exponentialBackoff(s, 2, Duration.ofDays(365 * 1000), 3), "absurd");
        assertInvalid(() -> ErrorPolicy.exponentialBackoff(s, 2, s, 0), "maxAttempts");
    }

    @Test
    void decisionAcceptsOnlySleepOrError() {
        assertInvalid(() -> new ErrorPolicy.Decision(Command.run(), List.of()), "Sleep (retry) or Error");
    }

    private static void assertInvalid(Runnable call, String text) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(WindlassException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining(text);
    }
}
