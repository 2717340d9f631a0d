package io.windlass.http;

import io.windlass.consumer.client.TaskClient;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Whether the store answers: every {@code interval} (fixed delay) one exact-key read of a task id no one uses,
 * bounded by the client's request timeout. Readiness reads the last outcome, so a probe request never waits on etcd.
 * Runs on the server's scheduler; {@link #problem()} is safe from any thread.
 */
final class StoreProbe implements AutoCloseable {
    static final String PROBE_ID = "windlass-http-readiness-probe";

    private final TaskClient client;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private volatile String problem = "the store has not been probed yet";
    private volatile ScheduledFuture<?> task;

    StoreProbe(TaskClient client, ScheduledExecutorService scheduler, Duration interval) {
        this.client = client;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    void start() {
        task = scheduler.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Null when the last probe succeeded, else why it failed. */
    String problem() {
        return problem;
    }

    private void probe() {
        try {
            client.get(PROBE_ID);
            problem = null;
        } catch (WindlassException e) {
            problem = "the store does not answer: " + e.getMessage();
        } catch (RuntimeException e) {
            problem = "the store probe failed: " + e;
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }
}
