package io.windlass.statemachine.internal;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.ErrorPolicy;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Metafora's default error handler: {@code maxErrors} or more errors newer than {@code now - window} → give up
 * (Error "exceeded error rate" → Failed); otherwise Sleep until {@code now + retryDelay}. Keeps the last
 * {@code maxErrors} errors (one fewer when giving up, so the Failed state holds at most {@code maxErrors}).
 */
record MetaforaErrorPolicy(Duration window, int maxErrors, Duration retryDelay) implements ErrorPolicy {
    /** The type of the error a give-up decision records. */
    static final String GIVE_UP_TYPE = "windlass.error-policy";

    MetaforaErrorPolicy {
        ErrorPolicies.requirePositive("window", window);
        ErrorPolicies.requireAtLeastOne("maxErrors", maxErrors);
        ErrorPolicies.requirePositive("retryDelay", retryDelay);
    }

    @Override
    public Decision decide(List<TaskError> errors, Instant now) {
        ErrorPolicies.requireErrors(errors);
        if (now == null) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "now must not be null");
        }
        Instant since = now.minus(window);
        long recent = errors.stream().filter(e -> e.at().isAfter(since)).count();
        if (recent >= maxErrors) {
            String why = "exceeded error rate: " + recent + " errors in the last " + window + " (limit " + maxErrors + ")";
            return new Decision(new Command.Error(new TaskError(now, why, GIVE_UP_TYPE)),
                    ErrorPolicies.last(errors, ErrorPolicies.keptOnGiveUp(maxErrors)));
        }
        return new Decision(new Command.Sleep(now.plus(retryDelay)), ErrorPolicies.last(errors, maxErrors));
    }
}
