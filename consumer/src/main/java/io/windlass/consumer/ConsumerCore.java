package io.windlass.consumer;

import io.windlass.consumer.balance.Balancer;
import io.windlass.consumer.balance.ClaimDecision;
import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.CoordinatorListener;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.consumer.time.TaskScheduler;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node-level control loop of a consumer: claims offered tasks, starts and tracks task runners, balances, serves
 * node commands and drives shutdown. All its state is owned by one control mailbox; coordinator events are posted to
 * it. Only {@link #ownedTasks()}, {@link #busyTasks()} and {@link #frozen()} are read from other threads.
 */
final class ConsumerCore implements NodeCommands.Actions {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerCore.class);

    private enum Phase { NEW, RUNNING, DRAINING, TERMINATED }

    private final Engine engine;
    private final Mailbox mailbox;
    private final ClaimGate gate;
    private final ClaimPacer pacer;
    /** Shared by every runner (one lambda per node, not per task). */
    private final java.util.function.Consumer<TaskRunner.End> runnerEnds;
    private final BalanceLoop balance;
    private final NodeCommands nodeCommands;
    private final Runnable onTerminated;
    private final Map<String, TaskRunner> runners = new ConcurrentHashMap<>();
    private final Map<String, TaskRecord> skippedWhileFrozen = new HashMap<>();
    private final Set<String> unknownTypeLogged = new LinkedHashSet<>();
    private Phase phase = Phase.NEW;
    private volatile boolean frozen;
    private int opsInFlight;
    private boolean forced;
    private TaskScheduler.Timer graceTimer;
    private volatile Set<String> overdue = Set.of();

    ConsumerCore(Engine engine, Balancer balancer, java.util.Random random, Runnable onTerminated) {
        this.engine = engine;
        this.mailbox = new Mailbox("node", engine.nodeId(), engine.loopExecutor());
        this.runnerEnds = end -> mailbox.post(() -> runnerEnded(end));
        this.gate = new ClaimGate(engine.scheduler(), mailbox::post, this::offered);
        this.pacer = new ClaimPacer(engine, mailbox, random, new ClaimPacer.Host() {
            @Override
            public boolean claimingAllowed() {
                return phase == Phase.RUNNING && !frozen;
            }

            @Override
            public int owned() {
                return runners.size();
            }

            @Override
            public void claimSent() {
                opsInFlight++;
            }

            @Override
            public void claimDone(TaskRecord task, ClaimResult result, Throwable error) {
                ConsumerCore.this.claimDone(task, result, error);
            }
        });
        this.balance = new BalanceLoop(engine, balancer, random, mailbox, runners, this::runningNow,
                () -> frozen);
        this.onTerminated = onTerminated;
        this.nodeCommands = new NodeCommands(engine, this);
    }

    /** The coordinator's events, posted to the control mailbox. */
    CoordinatorListener coordinatorListener() {
        return new ControlEvents(mailbox, this::offered, this::claimLostEvent, this::routeCommand,
                nodeCommands::serve, this::taskTaken);
    }

    /**
     * Another node claimed {@code taskId} (a hint, maybe late or duplicated): stop trying to claim it — drop it from
     * the pacer's queue if its claim was not sent yet, from the deferrals and from the frozen backlog. Never touches
     * a task this node owns (its claim decides) or a claim already sent (the txn decides). If the other node lets
     * the task go later, the coordinator offers it again.
     */
    private void taskTaken(String taskId, String nodeId) {
        if (runners.containsKey(taskId) || engine.nodeId().equals(nodeId)) {
            return;
        }
        boolean dropped = pacer.taken(taskId) | gate.remove(taskId) | (skippedWhileFrozen.remove(taskId) != null);
        if (dropped) {
            LOG.trace("node {}: {} was claimed by {}; not claiming it", engine.nodeId(), taskId, nodeId);
        }
    }

    private void claimLostEvent(String taskId, long fence) {
        TaskRunner r = runners.get(taskId);
        if (r != null) {
            r.claimLost(fence);
        }
    }

    Set<String> ownedTasks() {
        return Set.copyOf(runners.keySet());
    }

    /** Tasks whose handler callback is running right now. */
    List<String> busyTasks() {
        return runners.values().stream().filter(r -> r.callbackThread() != null).map(TaskRunner::taskId).sorted()
                .toList();
    }

    boolean frozen() {
        return frozen;
    }

    Set<String> overdue() {
        return overdue;
    }

    private boolean runningNow() {
        return phase == Phase.RUNNING;
    }

    // ---- lifecycle (posted by DefaultConsumer) ----

    void markRunning() {
        mailbox.post(() -> {
            if (phase == Phase.NEW) {
                phase = Phase.RUNNING;
                balance.schedule();
            }
        });
    }

    void shutdown() {
        mailbox.post(this::beginShutdown);
    }

    void shutdownNow() {
        mailbox.post(() -> {
            if (phase == Phase.TERMINATED) {
                return;
            }
            phase = Phase.DRAINING;
            forced = true;
            stopClaiming();
            runners.values().forEach(r -> r.abandon("shutdownNow"));
            checkTerminated();
        });
    }

    private void beginShutdown() {
        if (phase == Phase.NEW) {
            phase = Phase.DRAINING;
            forced = true;
            checkTerminated();
            return;
        }
        if (phase != Phase.RUNNING) {
            return;
        }
        phase = Phase.DRAINING;
        stopClaiming();
        Async.quietly(LOG, "node " + engine.nodeId() + ": marking itself draining",
                () -> engine.coordinator().setDraining(true));
        LOG.info("node {}: shutting down; stopping {} task(s)", engine.nodeId(), runners.size());
        runners.values().forEach(r -> r.requestRelease("shutdown", null));
        Duration grace = engine.settings().shutdownGrace();
        graceTimer = engine.scheduler().schedule(engine.now().plus(grace), () -> mailbox.post(this::graceOver));
        checkTerminated();
    }

    private void stopClaiming() {
        balance.cancel();
        gate.clear();
        skippedWhileFrozen.clear();
        pacer.clearUnsent();
    }

    private void graceOver() {
        graceTimer = null;
        if (phase != Phase.DRAINING) {
            return;
        }
        forced = true;
        Set<String> left = Set.copyOf(runners.keySet());
        if (!left.isEmpty()) {
            LOG.warn("node {}: shutdown grace of {} is over; {} task(s) did not stop: {}. Abandoning them: leaving the"
                    + " cluster drops their claims", engine.nodeId(), engine.settings().shutdownGrace(), left.size(),
                    left);
            overdue = left;
            runners.values().forEach(this::reportOverdueCallback);
            engine.listener().shutdownOverdue(left);
            runners.values().forEach(r -> r.abandon("shutdown grace over"));
        }
        checkTerminated();
    }

    /** Logs and reports where the callback of {@code r} that ignored the stop signal is (if one runs). */
    private void reportOverdueCallback(TaskRunner r) {
        Thread t = r.callbackThread();
        if (t == null) {
            return;
        }
        List<StackTraceElement> stack = List.of(t.getStackTrace());
        StringBuilder where = new StringBuilder();
        stack.forEach(frame -> where.append(System.lineSeparator()).append("\tat ").append(frame));
        LOG.warn("node {}: task {} ignored the stop signal for the shutdown grace of {}; its handler thread '{}' is"
                + " at:{}", engine.nodeId(), r.taskId(), engine.settings().shutdownGrace(), t.getName(), where);
        engine.listener().callbackOverdue(r.taskId(), t.getName(), stack);
    }

    private void checkTerminated() {
        if (phase != Phase.DRAINING || !runners.isEmpty() || (opsInFlight > 0 && !forced)) {
            return;
        }
        phase = Phase.TERMINATED;
        if (graceTimer != null) {
            graceTimer.cancel();
            graceTimer = null;
        }
        try {
            engine.coordinator().close();
        } catch (RuntimeException e) {
            LOG.warn("node {}: closing the coordinator failed", engine.nodeId(), e);
        }
        LOG.info("node {}: terminated", engine.nodeId());
        engine.listener().terminated();
        onTerminated.run();
    }

    // ---- claiming ----

    private void offered(TaskRecord task) {
        String id = task.id();
        if (phase != Phase.RUNNING || runners.containsKey(id) || pacer.contains(id)) {
            return;
        }
        if (frozen) {
            skippedWhileFrozen.put(id, task);
            return;
        }
        Instant now = engine.now();
        if (gate.holds(task, now)) {
            return;
        }
        if (!engine.registry().types().contains(task.type())) {
            if (unknownTypeLogged.add(id)) {
                LOG.warn("node {}: task {} has type '{}' which this node has no handler for; not claiming it",
                        engine.nodeId(), id, task.type());
            }
            return;
        }
        ClaimDecision decision = balance.canClaim(task, now);
        if (!decision.allowed()) {
            Instant retry = decision.notBefore() != null ? decision.notBefore()
                    : now.plus(engine.settings().claimRetry());
            LOG.debug("node {}: not claiming {} before {}: {}", engine.nodeId(), id, retry, decision.reason());
            gate.defer(task, retry);
            return;
        }
        pacer.offer(task);
    }

    private void claimDone(TaskRecord task, ClaimResult result, Throwable ex) {
        opsInFlight--;
        if (ex != null) {
            LOG.warn("node {}: claiming {} failed: {}", engine.nodeId(), task.id(), ex.toString());
            if (phase == Phase.RUNNING) {
                gate.defer(task, engine.now().plus(engine.settings().claimRetry()));
            }
        } else if (result instanceof ClaimResult.Claimed claimed) {
            if (phase == Phase.RUNNING) {
                startRunner(claimed.claim());
            } else if (phase == Phase.DRAINING) {
                releaseLateClaim(claimed.claim());
            }
        } else if (result instanceof ClaimResult.NotClaimed nc) {
            LOG.debug("node {}: {} not claimed: {}", engine.nodeId(), task.id(), nc.reason());
        }
        checkTerminated();
    }

    private void releaseLateClaim(Claim claim) {
        LOG.info("node {}: claimed {} while shutting down; releasing it", engine.nodeId(), claim.task().id());
        opsInFlight++;
        Async.call(() -> engine.coordinator().release(claim.task().id(), claim.fence()))
                .whenComplete((ok, ex) -> mailbox.post(() -> {
                    opsInFlight--;
                    checkTerminated();
                }));
    }

    @SuppressWarnings("unchecked")
    private void startRunner(Claim claim) {
        TaskRecord task = claim.task();
        TaskHandler<Object> handler = null;
        Object props = null;
        TaskError problem = null;
        try {
            handler = (TaskHandler<Object>) engine.registry().handler(task.type());
            props = engine.registry().decodeProps(task.type(), task.props());
        } catch (RuntimeException e) {
            handler = null;
            problem = new TaskError(engine.now(), "task " + task.id() + " cannot run: its props or type are invalid: "
                    + e.getMessage(), e.getClass().getName());
            LOG.warn("node {}: {}; recording the error on the task", engine.nodeId(), problem.message());
        }
        TaskRunner runner = new TaskRunner(engine, claim, handler, props, problem, runnerEnds);
        runners.put(task.id(), runner);
        runner.start(claim.pending());
    }

    private void runnerEnded(TaskRunner.End end) {
        TaskRunner runner = end.runner();
        runners.remove(runner.taskId(), runner);
        if (phase == Phase.RUNNING && end.reason() == TaskRunner.EndReason.CLAIM_LOST) {
            offered(runner.task()); // its re-offer may have arrived while the runner still existed
        } else if (phase == Phase.RUNNING && end.reason() != TaskRunner.EndReason.FINISHED) {
            gate.defer(runner.task(), engine.now().plus(engine.settings().releaseBackoff()));
        }
        checkTerminated();
    }

    /**
     * A command for a task. The coordinator delivers the commands of a task this node is claiming only after the
     * claim's result (see {@link io.windlass.consumer.spi.Coordinator#claim}), and the pacer hands a won claim to this
     * mailbox ahead of them, so a command for a task without a runner here is a late hint about an earlier claim
     * or one that was not won: it stays stored (a later claim of the task reads it).
     */
    private void routeCommand(String taskId, TaskCommand command) {
        TaskRunner runner = runners.get(taskId);
        if (runner != null) {
            runner.commandArrived(command);
        } else {
            LOG.debug("node {}: command {} for {} which does not run here; it stays stored", engine.nodeId(),
                    command.id(), taskId);
        }
    }

    // ---- node commands ----

    @Override
    public void freeze() {
        frozen = true;
        LOG.info("node {}: frozen (no new claims)", engine.nodeId());
    }

    @Override
    public void unfreeze() {
        frozen = false;
        LOG.info("node {}: unfrozen; re-offering {} task(s) skipped meanwhile", engine.nodeId(),
                skippedWhileFrozen.size());
        List<TaskRecord> skipped = new ArrayList<>(skippedWhileFrozen.values());
        skippedWhileFrozen.clear();
        skipped.forEach(this::offered);
        pacer.pump();
    }

    @Override
    public void balance() {
        balance.runNow();
    }

    @Override
    public void stopTask(String taskId, String commandId) {
        TaskRunner runner = taskId == null ? null : runners.get(taskId);
        if (runner == null) {
            LOG.info("node {}: stop_task {}: the task does not run here", engine.nodeId(), taskId);
        } else {
            runner.requestRelease("stop_task command " + commandId, Command.release());
        }
    }
}
