package io.windlass.statemachine;

import java.time.Instant;
import java.util.List;

/**
 * Decides what a task in {@link StateCode#FAULT} does next: retry later ({@link Command.Sleep}) or give up
 * ({@link Command.Error}, which moves Fault to Failed). A pure function of the errors and {@code now}.
 */
public interface ErrorPolicy {

    /**
     * @param errors the task's accumulated errors, oldest first (at least one)
     * @param now    the current time of the caller's clock
     * @return the next command and the errors to keep
     */
    Decision decide(List<TaskError> errors, Instant now);

    /** The outcome of a fault decision: {@code next} is a Sleep or an Error; {@code keptErrors} replaces the list. */
    record Decision(Command next, List<TaskError> keptErrors) {
        public Decision {
            if (!(next instanceof Command.Sleep) && !(next instanceof Command.Error)) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                        "a fault decision is Sleep (retry) or Error (give up), not " + next);
            }
            keptErrors = List.copyOf(keptErrors);
        }
    }
}
