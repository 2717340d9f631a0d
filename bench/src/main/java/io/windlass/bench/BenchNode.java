package io.windlass.bench;

import io.windlass.consumer.spi.DaemonThreads;
import io.etcd.jetcd.Client;
import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.CoordinatorListener;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.etcd.EtcdCoordinator;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.Outcome;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.TaskStateMachine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One benchmark node: an {@link EtcdCoordinator} on its own jetcd client plus a minimal driver standing in for the
 * consumer engine. It claims offered tasks (at most {@code maxClaims} claim txns in flight, in random order so that
 * nodes starting together do not all race for the same task), then for each claimed task: applies the
 * {@link Behaviour}'s commands through the standard {@link TaskStateMachine} and stores every transition with a fenced
 * {@link StateWrite} (one outstanding write per task, through the coordinator's group committer); a Sleeping task gets
 * a timer at its {@code until} that applies {@code Run}. Fence lost or claim lost: the task is dropped locally.
 *
 * <p>Threads: everything that touches tasks runs on the node's single mailbox thread; a timer thread posts to it.
 * Counters are readable from any thread.
 */
final class BenchNode implements Node, CoordinatorListener {
    private static final Duration RETRY = Duration.ofMillis(100);

    private final String name;
    private final Client client;
    private final EtcdCoordinator coordinator;
    private final Behaviour behaviour;
    private final int maxClaims;
    private final TaskStateMachine machine = TaskStateMachine.standard();
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService mailbox;
    private final ScheduledExecutorService timers;
    private final Map<String, Slot> slots = new HashMap<>();
    private final List<String> offered = new ArrayList<>();
    private final Set<String> offeredSet = new HashSet<>();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile int claimed;
    private volatile boolean accepting = true;
    private volatile boolean dead;
    private int claimsInFlight;

    BenchNode(String name, Client client, EtcdCoordinator coordinator, Behaviour behaviour, int maxClaims) {
        this.name = name;
        this.client = client;
        this.coordinator = coordinator;
        this.behaviour = behaviour;
        this.maxClaims = maxClaims;
        this.mailbox = Executors.newSingleThreadExecutor(daemon("bench-node-" + name));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("bench-timer-" + name));
    }

    @Override
    public String name() {
        return name;
    }

    /** Registers the node; offers start arriving. */
    @Override
    public void start() {
        coordinator.start(name, this);
    }

    /** Tasks this node holds now. */
    @Override
    public int claimed() {
        return claimed;
    }

    /** Fenced writes committed by this node so far. */
    long committed() {
        return committed.get();
    }

    long lost() {
        return lost.get();
    }

    long failures() {
        return failures.get();
    }

    /** Stop (or resume) claiming offered tasks. */
    void accepting(boolean value) {
        accepting = value;
    }

    /** For each held task without an outstanding write: applies {@code command.apply(slot)} (null = skip). */
    void applyToAll(Function<Slot, Command> command) {
        mailbox.execute(() -> {
            for (Slot slot : List.copyOf(slots.values())) {
                if (!slot.writing) {
                    Command c = command.apply(slot);
                    if (c != null) {
                        step(slot, c);
                    }
                }
            }
        });
    }

    /** The node stops reacting at once (no claims, no writes, no timers): its process "died". */
    @Override
    public void die() {
        dead = true;
        accepting = false;
        timers.shutdownNow();
    }

    // ---- listener (coordinator threads): hand over to the mailbox

    @Override
    public void taskOffered(TaskRecord task) {
        if (accepting) {
            post(() -> offer(task.id()));
        }
    }

    @Override
    public void claimLost(String taskId, long fence) {
        post(() -> {
            Slot slot = slots.get(taskId);
            if (slot != null && slot.fence == fence) {
                drop(slot);
                lost.incrementAndGet();
            }
        });
    }

    @Override
    public void commandArrived(String taskId, TaskCommand command) {
        // benchmarks send no task commands
    }

    @Override
    public void nodeCommand(NodeCommand command) {
        coordinator.ackNodeCommand(command.id());
    }

    // ---- mailbox thread

    private void offer(String id) {
        if (slots.containsKey(id) || !offeredSet.add(id)) {
            return;
        }
        offered.add(id);
        pumpClaims();
    }

    private void pumpClaims() {
        while (!dead && accepting && claimsInFlight < maxClaims && !offered.isEmpty()) {
            int pick = ThreadLocalRandom.current().nextInt(offered.size());
            String id = offered.get(pick);
            offered.set(pick, offered.get(offered.size() - 1));
            offered.remove(offered.size() - 1);
            offeredSet.remove(id);
            claimsInFlight++;
            coordinator.claim(id).whenComplete((r, t) -> post(() -> {
                claimsInFlight--;
                if (t != null) {
                    failures.incrementAndGet();
                } else if (r instanceof ClaimResult.Claimed c) {
                    claimed(c.claim());
                }
                pumpClaims();
            }));
        }
    }

    private void claimed(Claim claim) {
        if (dead) {
            return;
        }
        Slot slot = new Slot(claim.task().id(), claim.fence(), claim.state(), System.nanoTime());
        slots.put(slot.id, slot);
        claimed = slots.size();
        Command first = behaviour.onClaimed(slot, clock.instant());
        if (first != null) {
            step(slot, first);
        } else {
            react(slot);
        }
    }

    /** What a stored state leads to: the handler for Runnable, a wake-up timer for Sleeping, nothing otherwise. */
    private void react(Slot slot) {
        TaskState state = slot.stored.state();
        Instant now = clock.instant();
        if (state.code() == StateCode.RUNNABLE) {
            Command next = behaviour.onRunnable(slot, now);
            if (next != null) {
                step(slot, next);
            }
        } else if (state.code() == StateCode.SLEEPING) {
            Instant until = state.until();
            long delay = Duration.between(now, until).toNanos();
            if (delay <= 0) {
                behaviour.timerFired(slot, until, now);
                step(slot, Command.run());
            } else {
                long version = state.version();
                try {
                    slot.timer = timers.schedule(() -> post(() -> wake(slot, version)), delay, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException stopped) {
                    // the node died meanwhile
                }
            }
        }
    }

    private void wake(Slot slot, long version) {
        TaskState state = slot.stored.state();
        if (slots.get(slot.id) != slot || slot.writing || state.version() != version) {
            return;
        }
        behaviour.timerFired(slot, state.until(), clock.instant());
        step(slot, Command.run());
    }

    private void step(Slot slot, Command command) {
        if (dead || slots.get(slot.id) != slot || slot.writing) {
            return;
        }
        if (slot.timer != null) {
            slot.timer.cancel(false);
            slot.timer = null;
        }
        TaskState before = slot.stored.state();
        Outcome outcome = machine.apply(slot.id, before, command, clock.instant());
        if (!(outcome instanceof Outcome.Applied applied)) {
            failures.incrementAndGet();
            return;
        }
        slot.writing = true;
        long sent = System.nanoTime();
        StateWrite write = new StateWrite(slot.id, slot.fence, slot.stored.revision(), applied.state(), List.of(),
                false, false);
        coordinator.write(write).whenComplete((r, t) -> post(() -> written(slot, command, before, r, t, sent)));
    }

    private void written(Slot slot, Command command, TaskState before, WriteResult r, Throwable t, long sent) {
        slot.writing = false;
        if (dead || slots.get(slot.id) != slot) {
            return;
        }
        if (r instanceof WriteResult.Committed c) {
            slot.stored = c.state();
            slot.commits++;
            committed.incrementAndGet();
            behaviour.committed(this, slot, before, clock.instant(), System.nanoTime() - sent);
            react(slot);
        } else if (r instanceof WriteResult.Failed f && f.error().code().retryable()) {
            failures.incrementAndGet();
            try {
                timers.schedule(() -> post(() -> step(slot, command)), RETRY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                drop(slot);
            }
        } else {
            failures.incrementAndGet();
            drop(slot);
        }
    }

    private void drop(Slot slot) {
        if (slot.timer != null) {
            slot.timer.cancel(false);
        }
        slots.remove(slot.id);
        claimed = slots.size();
    }

    private void post(Runnable action) {
        try {
            mailbox.execute(action);
        } catch (RejectedExecutionException closed) {
            // node closed: late completions are dropped
        }
    }

    /** Graceful: the coordinator leaves (revoking its lease, so the claims go), then the client closes. */
    @Override
    public void close() {
        die();
        try {
            coordinator.close();
        } finally {
            mailbox.shutdownNow();
            client.close();
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return DaemonThreads.named(name);
    }
}
