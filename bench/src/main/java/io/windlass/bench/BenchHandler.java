package io.windlass.bench;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Duration;

/**
 * The benchmark task type {@value #TYPE} (no props): while {@link #stepping} it returns {@code Sleep(now)} (the engine
 * stores Runnable → Sleeping, its timer fires at once and stores Sleeping → Runnable, and the handler runs again);
 * otherwise it goes to sleep for a year (an idle task). Thread-safe.
 */
final class BenchHandler implements TaskHandler<Void> {
    static final String TYPE = "bench";
    static final Duration FAR = Duration.ofDays(365);

    private volatile boolean stepping;

    BenchHandler(boolean stepping) {
        this.stepping = stepping;
    }

    void stepping(boolean value) {
        stepping = value;
    }

    @Override
    public Class<Void> propsType() {
        return Void.class;
    }

    @Override
    public Command onRunnable(TaskContext<Void> ctx) {
        return stepping ? Command.sleepUntil(ctx.now()) : Command.sleepUntil(ctx.now().plus(FAR));
    }
}
