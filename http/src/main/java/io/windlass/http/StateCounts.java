package io.windlass.http;

import io.windlass.consumer.client.StateChange;
import io.windlass.consumer.client.Subscription;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.client.TaskFilter;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.StoredState;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks per state, kept up to date from {@link TaskClient#watchStates} after one initial paged list — never a scan
 * per request. The watch starts first and buffers; the list is applied, then the buffer; every change is applied only
 * if its revision is newer than what is known of the task, so list and watch may overlap in any order. When the
 * stream breaks the aggregate is marked unsynced (readiness reports it) and rebuilt after {@code retry}.
 *
 * <p>Threads: {@link #start()} and rebuilds run on {@code scheduler}; changes arrive on the client's watch thread; reads
 * ({@link #snapshot()}, {@link #entry}) from any thread. One lock guards the map; each call holds it briefly.
 */
final class StateCounts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateCounts.class);
    private static final int PAGE = 10_000;
    private static final int MAX_BUFFERED = 1_000_000;

    /** What the aggregate knows of one task: its state, the store revision of that state, when it was written. */
    record Entry(StateCode code, long revision, Instant updated) {
        Entry {
            java.util.Objects.requireNonNull(code, "code");
            java.util.Objects.requireNonNull(updated, "updated");
        }
    }

    /** Counts at one moment; {@code problem} is null when synced. */
    record Snapshot(boolean synced, Map<StateCode, Long> byState, long total, String problem) {
        Snapshot {
            byState = Map.copyOf(byState);
        }
    }

    private final TaskClient client;
    private final ScheduledExecutorService scheduler;
    private final Duration retry;
    private final Object lock = new Object();
    private final TreeMap<String, Entry> tasks = new TreeMap<>();
    private final long[] counts = new long[StateCode.values().length];
    private List<StateChange> buffer;
    private Subscription subscription;
    private long generation;
    private boolean closed;
    private volatile boolean synced;
    private volatile boolean unsupported;
    private volatile String problem = "the task counts are not synced yet";

    StateCounts(TaskClient client, ScheduledExecutorService scheduler, Duration retry) {
        this.client = java.util.Objects.requireNonNull(client, "client");
        this.scheduler = java.util.Objects.requireNonNull(scheduler, "scheduler");
        this.retry = java.util.Objects.requireNonNull(retry, "retry");
    }

    /** Starts the first sync on the scheduler; returns at once. */
    void start() {
        scheduler.execute(this::sync);
    }

    boolean synced() {
        return synced;
    }

    /** True when the client cannot stream state changes (then there are no counts, and readiness ignores them). */
    boolean unsupported() {
        return unsupported;
    }

    Snapshot snapshot() {
        synchronized (lock) {
            Map<StateCode, Long> by = new EnumMap<>(StateCode.class);
            long total = 0;
            for (StateCode c : StateCode.values()) {
                by.put(c, counts[c.ordinal()]);
                total += counts[c.ordinal()];
            }
            return new Snapshot(synced, by, total, synced ? null : problem);
        }
    }

    /**
     * Where a page of {@code limit} tasks (in {@code state}, or any; with {@code prefix}, or any) after {@code after}
     * ends, by this aggregate: the id of the {@code limit}-th match if another match follows it, else null (the last
     * page: read it to the end, so a task the aggregate has not seen yet is not cut off). Null while not synced.
     */
    String pageBound(String after, String prefix, StateCode state, int limit) {
        if (!synced) {
            return null;
        }
        synchronized (lock) {
            return pageBound(tasks, after, prefix, state, limit);
        }
    }

    static String pageBound(NavigableMap<String, Entry> tasks, String after, String prefix, StateCode state,
                            int limit) {
        NavigableMap<String, Entry> from = after != null ? tasks.tailMap(after, false)
                : prefix != null ? tasks.tailMap(prefix, true) : tasks;
        int matched = 0;
        String bound = null;
        for (Map.Entry<String, Entry> e : from.entrySet()) {
            String id = e.getKey();
            if (prefix != null && !id.startsWith(prefix)) {
                if (id.compareTo(prefix) > 0) {
                    break; // past the prefix
                }
                continue;
            }
            if (state == null || e.getValue().code() == state) {
                if (bound != null) {
                    return bound; // another match follows the page's last one
                }
                if (++matched == limit) {
                    bound = id;
                }
            }
        }
        return null;
    }

    Optional<Entry> entry(String taskId) {
        synchronized (lock) {
            return Optional.ofNullable(tasks.get(taskId));
        }
    }

    private void sync() {
        long gen;
        synchronized (lock) {
            if (closed) {
                return;
            }
            gen = ++generation;
            closeSubscription();
            tasks.clear();
            java.util.Arrays.fill(counts, 0);
            buffer = new ArrayList<>();
            synced = false;
        }
        Subscription s;
        try {
            s = client.watchStates(c -> changed(gen, c), e -> failed(gen, e));
        } catch (WindlassException e) {
            if (e.code() != ErrorCode.ILLEGAL_STATE) {
                failed(gen, e);
                return;
            }
            unsupported = true; // this client cannot stream: no counts, and nothing to retry
            problem = "task counts are not available: " + e.getMessage();
            LOG.info("no task counts: {}", e.getMessage());
            return;
        }
        try {
            synchronized (lock) {
                if (gen != generation || closed) {
                    s.close();
                    return;
                }
                subscription = s;
            }
            String after = null;
            while (true) {
                List<TaskView> page = client.list(new TaskFilter(null, null, after, PAGE));
                synchronized (lock) {
                    if (gen != generation) {
                        return;
                    }
                    for (TaskView v : page) {
                        if (v.state() != null) {
                            apply(v.id(), entry(v.state()));
                        }
                    }
                }
                if (page.size() < PAGE) {
                    break;
                }
                after = page.get(page.size() - 1).id();
            }
            synchronized (lock) {
                if (gen != generation) {
                    return;
                }
                buffer.forEach(this::apply);
                buffer = null;
                synced = true;
                problem = null;
            }
            LOG.debug("task counts synced");
        } catch (RuntimeException e) {
            failed(gen, e);
        }
    }

    private void changed(long gen, StateChange change) {
        boolean overflow = false;
        synchronized (lock) {
            if (gen != generation) {
                return;
            }
            if (buffer == null) {
                apply(change);
            } else if (buffer.size() < MAX_BUFFERED) {
                buffer.add(change);
            } else {
                overflow = true;
            }
        }
        if (overflow) {
            failed(gen, new IllegalStateException("too many changes while listing"));
        }
    }

    private void failed(long gen, Throwable e) {
        synchronized (lock) {
            if (gen != generation || closed) {
                return;
            }
            generation++;
            closeSubscription();
            synced = false;
            problem = "the state watch failed: " + e.getMessage();
        }
        LOG.warn("task counts: {}; rebuilding in {}", e.getMessage(), retry);
        try {
            scheduler.schedule(this::sync, retry.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            LOG.debug("task counts: not rebuilt, the server is closing");
        }
    }

    private void apply(StateChange c) {
        if (c.after() == null) {
            Entry known = tasks.get(c.taskId());
            if (known != null && c.revision() > known.revision()) {
                tasks.remove(c.taskId());
                counts[known.code().ordinal()]--;
            }
        } else {
            apply(c.taskId(), entry(c.after()));
        }
    }

    private void apply(String id, Entry e) {
        Entry known = tasks.get(id);
        if (known != null && known.revision() >= e.revision()) {
            return;
        }
        tasks.put(id, e);
        if (known != null) {
            counts[known.code().ordinal()]--;
        }
        counts[e.code().ordinal()]++;
    }

    private static Entry entry(StoredState s) {
        return new Entry(s.state().code(), s.revision(), s.updated());
    }

    private void closeSubscription() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            generation++;
            closeSubscription();
            synced = false;
            problem = "closed";
        }
    }
}
