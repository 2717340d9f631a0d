package io.windlass.statemachine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Sample states and commands for tests: every state carries data, a version and (mostly) an earlier error. */
final class Samples {
    static final Instant NOW = Instant.parse("2026-11-28T15:00:00Z");
    static final Instant WAKE = NOW.plus(Duration.ofHours(1));
    static final TaskError OLD_ERROR = new TaskError(NOW.minusSeconds(600), "disk full", "java.io.IOException");

    private Samples() {
    }

    static TaskState state(StateCode code) {
        var data = JsonNodeFactory.instance.objectNode().put("count", 7);
        Instant until = code == StateCode.SLEEPING ? WAKE : null;
        List<TaskError> errors = code == StateCode.RUNNABLE || code == StateCode.COMPLETED ? List.of() : List.of(OLD_ERROR);
        return new TaskState(code, until, errors, data, 41);
    }

    static Command command(CommandKind kind) {
        return switch (kind) {
            case RUN -> Command.run();
            case SLEEP -> Command.sleepUntil(NOW.plus(Duration.ofMinutes(10)));
            case PAUSE -> Command.pause();
            case KILL -> Command.kill();
            case COMPLETE -> Command.complete();
            case ERROR -> new Command.Error(new TaskError(NOW, "boom", "java.lang.IllegalStateException"));
            case CHECKPOINT -> Command.checkpoint();
            case RELEASE -> Command.release();
        };
    }
}
