package io.windlass.consumer;

import io.windlass.consumer.balance.BalanceInput;
import io.windlass.consumer.balance.Balancer;
import io.windlass.consumer.balance.ClaimDecision;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.consumer.time.TaskScheduler;
import io.windlass.statemachine.Command;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Balancer} for the control loop: every balance interval plus a random jitter, and on demand. Reads
 * the live nodes from the coordinator, counts only non-draining ones, and asks the chosen runners to release their
 * tasks. While the node is frozen the periodic run is skipped (like Metafora: a frozen node neither claims nor sheds
 * tasks on its own); it stays armed and balances again once unfrozen. An explicit {@code balance} node command still
 * runs. Used only from the control mailbox (the balancer is never called concurrently).
 */
final class BalanceLoop {
    private static final Logger LOG = LoggerFactory.getLogger(BalanceLoop.class);

    private final Engine engine;
    private final Balancer balancer;
    private final Random random;
    private final Mailbox mailbox;
    private final Map<String, TaskRunner> runners;
    private final BooleanSupplier running;
    private final BooleanSupplier frozen;
    private TaskScheduler.Timer timer;

    BalanceLoop(Engine engine, Balancer balancer, Random random, Mailbox mailbox, Map<String, TaskRunner> runners,
                BooleanSupplier running, BooleanSupplier frozen) {
        this.engine = engine;
        this.balancer = balancer;
        this.random = random;
        this.mailbox = mailbox;
        this.runners = runners;
        this.running = running;
        this.frozen = frozen;
    }

    /** The balancer's claim decision; a balancer that throws is logged and means "claim". */
    ClaimDecision canClaim(TaskRecord task, Instant now) {
        try {
            ClaimDecision d = balancer.canClaim(task, now);
            return d == null ? ClaimDecision.claim() : d;
        } catch (RuntimeException e) {
            LOG.warn("node {}: balancer.canClaim failed for {}; claiming", engine.nodeId(), task.id(), e);
            return ClaimDecision.claim();
        }
    }

    /** Arms the next periodic run: the interval plus a jitter drawn from the injected random. */
    void schedule() {
        cancel();
        long jitterNanos = engine.settings().balanceJitter().toNanos();
        long extra = jitterNanos <= 0 ? 0 : (long) (random.nextDouble() * jitterNanos);
        Instant at = engine.now().plus(engine.settings().balanceInterval()).plus(Duration.ofNanos(extra));
        timer = engine.scheduler().schedule(at, () -> mailbox.post(this::tick));
    }

    void cancel() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void tick() {
        timer = null;
        if (running.getAsBoolean()) {
            if (frozen.getAsBoolean()) {
                LOG.debug("node {}: frozen; periodic balance skipped", engine.nodeId());
            } else {
                runNow();
            }
            schedule();
        }
    }

    /** Reads the nodes and balances once (asynchronously, back on the control mailbox). */
    void runNow() {
        if (!running.getAsBoolean() || !mayRelease()) {
            return;
        }
        Async.call(() -> engine.coordinator().nodes())
                .whenComplete((nodes, ex) -> mailbox.post(() -> balanceWith(nodes, ex)));
    }

    private boolean mayRelease() {
        try {
            return balancer.mayRelease(runners.size());
        } catch (RuntimeException e) {
            LOG.warn("node {}: balancer.mayRelease failed; balancing anyway", engine.nodeId(), e);
            return true;
        }
    }

    private void balanceWith(List<NodeInfo> nodes, Throwable ex) {
        if (!running.getAsBoolean()) {
            return;
        }
        if (ex != null) {
            LOG.warn("node {}: balance skipped, nodes unavailable: {}", engine.nodeId(), ex.toString());
            return;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (NodeInfo n : nodes) {
            if (!n.draining()) {
                counts.put(n.nodeId(), n.claims());
            }
        }
        counts.put(engine.nodeId(), runners.size());
        List<BalanceInput.OwnedTask> own = runners.values().stream()
                .map(r -> new BalanceInput.OwnedTask(r.taskId(), r.claimedAt())).toList();
        Set<String> chosen;
        try {
            chosen = balancer.balance(new BalanceInput(engine.nodeId(), counts, own, engine.now()));
        } catch (RuntimeException e) {
            LOG.warn("node {}: balancer.balance failed; releasing nothing", engine.nodeId(), e);
            return;
        }
        if (chosen == null || chosen.isEmpty()) {
            return;
        }
        LOG.info("node {}: balancer releases {} of {} task(s) (cluster counts {}): {}", engine.nodeId(),
                chosen.size(), runners.size(), counts, chosen);
        for (String id : chosen) {
            TaskRunner r = runners.get(id);
            if (r != null) {
                r.requestRelease("balancer", Command.release());
            }
        }
    }
}
