package io.windlass.cli.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several {@link Worker}s in one process — one consumer per (etcd cluster, namespace), each with its own node id and
 * etcd connection — started and stopped as one ({@code windlass worker --config}). {@link #start} starts them in
 * order and, if one fails, stops those already started and rethrows its error (a namespace the worker may not access
 * fails the whole start). {@link #stop} drains all of them in parallel. Thread-safe.
 */
public final class WorkerGroup {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerGroup.class);

    private final List<Worker> workers;

    private WorkerGroup(List<Worker> workers) {
        this.workers = List.copyOf(workers);
    }

    /** Starts one worker per settings; all or none (see the class comment). */
    public static WorkerGroup start(List<Worker.Settings> settings) {
        List<Worker> started = new ArrayList<>();
        try {
            for (Worker.Settings s : settings) {
                started.add(Worker.start(s));
            }
        } catch (RuntimeException e) {
            LOG.warn("a worker did not start ({}): stopping the {} started before it", e.getMessage(), started.size());
            new WorkerGroup(started).stop();
            throw e;
        }
        return new WorkerGroup(started);
    }

    public List<Worker> workers() {
        return workers;
    }

    /** {@link Worker#reloadTls()} on every worker; true if any took new files. */
    public boolean reloadTls() {
        boolean any = false;
        for (Worker w : workers) {
            any |= w.reloadTls();
        }
        return any;
    }

    /** Graceful stop of every worker at once (each releases its tasks); returns when all have stopped. */
    public void stop() {
        CompletableFuture.allOf(workers.stream().map(w -> CompletableFuture.runAsync(w::stop))
                .toArray(CompletableFuture[]::new)).join();
    }

    /** Blocks until every worker has stopped. */
    public void awaitStopped() throws InterruptedException {
        for (Worker w : workers) {
            w.awaitStopped();
        }
    }
}
