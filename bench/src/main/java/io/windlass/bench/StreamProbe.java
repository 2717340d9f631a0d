package io.windlass.bench;

import io.windlass.examples.handlers.StreamHandler;
import io.windlass.examples.handlers.StreamProps;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Watches the {@code stream} example handler from inside (for {@code long-running}): every node runs the real
 * {@link StreamHandler} wrapped by {@link #handler}, which notes when each task's {@code onRunnable} loop starts and
 * returns, on which node. From that: how many loops run now (in all, per node); each move's downtime — from the
 * loop's return on the node that let the task go to its start on the next node; and overlaps — a loop starting while
 * the same task's loop still runs elsewhere (must stay 0: the fence keeps a task on one node). Thread-safe.
 */
final class StreamProbe implements Tracker {
    private final Map<String, Trace> traces = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perNode = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicInteger moves = new AtomicInteger();
    private final Stats downtime;
    private final Stats toRelease;
    private final Stats toClaim;
    private final Stats toStart;
    private final Stats toOffer;
    private final Stats pacing;
    private final Stats claimRtt;
    private final LongAdder stored = new LongAdder();
    private final Map<String, AtomicInteger> lost = new ConcurrentHashMap<>();
    private final Map<String, String> lostReason = new ConcurrentHashMap<>();
    private volatile long movesFrom = Long.MAX_VALUE;

    /** What one task's loops did; guarded by itself. */
    private static final class Trace {
        int active;
        String lastNode;
        long endedNanos;
        long releasedNanos;
        long claimedNanos;
        long claimRttNanos;
        long sinceOfferNanos;
    }

    /** @param capacity most downtime samples kept */
    StreamProbe(int capacity) {
        this.downtime = new Stats(capacity);
        this.toRelease = new Stats(capacity);
        this.toClaim = new Stats(capacity);
        this.toStart = new Stats(capacity);
        this.toOffer = new Stats(capacity);
        this.pacing = new Stats(capacity);
        this.claimRtt = new Stats(capacity);
    }

    @Override
    public void claimAttempted(String node, String taskId, String result, java.time.Duration latency,
                               java.time.Duration sinceOffer) {
        if ("won".equals(result)) {
            Trace t = traces.computeIfAbsent(taskId, id -> new Trace());
            synchronized (t) {
                t.claimRttNanos = latency.toNanos();
                t.sinceOfferNanos = sinceOffer.toNanos();
            }
        }
    }

    @Override
    public void released(String node, String taskId) {
        Trace t = traces.get(taskId);
        if (t != null) {
            synchronized (t) {
                t.releasedNanos = System.nanoTime();
            }
        }
    }

    @Override
    public void claimed(String node, String taskId) {
        Trace t = traces.computeIfAbsent(taskId, id -> new Trace());
        synchronized (t) {
            t.claimedNanos = System.nanoTime();
        }
    }

    @Override
    public void claimLost(String node, String taskId, String reason) {
        lost.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
        lostReason.putIfAbsent(node, String.valueOf(reason));
    }

    /** Claims lost per node so far (a lease lapse, a claim deleted under the node), with the first reason each. */
    void putLostInto(com.fasterxml.jackson.databind.node.ObjectNode node) {
        lost.forEach((n, count) -> node.putObject(n).put("count", count.get()).put("first_reason", lostReason.get(n)));
    }

    @Override
    public void stored(String node, String taskId, Transition transition, TaskState state) {
        stored.increment();
    }

    /** Transitions stored so far (all nodes). */
    LongAdder stored() {
        return stored;
    }

    /** The real stream handler of node {@code node}, observed. Does not override {@code onEntered} (as the real one). */
    TaskHandler<StreamProps> handler(String node) {
        StreamHandler real = new StreamHandler();
        perNode.putIfAbsent(node, new AtomicInteger());
        return new TaskHandler<>() {
            @Override
            public Class<StreamProps> propsType() {
                return real.propsType();
            }

            @Override
            public Command onRunnable(TaskContext<StreamProps> ctx) throws InterruptedException {
                started(node, ctx.taskId());
                try {
                    return real.onRunnable(ctx);
                } finally {
                    ended(node, ctx.taskId());
                }
            }
        };
    }

    /** Moves (a loop starting on another node than the one its task's last loop ran on) count from now on. */
    void countMovesFromNow() {
        movesFrom = System.nanoTime();
    }

    private void started(String node, String taskId) {
        long now = System.nanoTime();
        Trace t = traces.computeIfAbsent(taskId, id -> new Trace());
        synchronized (t) {
            if (t.active > 0) {
                overlaps.incrementAndGet();
            } else if (t.lastNode != null && !t.lastNode.equals(node) && t.endedNanos >= movesFrom) {
                downtime.add(now - t.endedNanos);
                moves.incrementAndGet();
                if (t.releasedNanos >= t.endedNanos && t.claimedNanos >= t.releasedNanos) {
                    toRelease.add(t.releasedNanos - t.endedNanos);
                    toClaim.add(t.claimedNanos - t.releasedNanos);
                    toStart.add(now - t.claimedNanos);
                    toOffer.add(t.claimedNanos - t.sinceOfferNanos - t.releasedNanos);
                    pacing.add(t.sinceOfferNanos - t.claimRttNanos);
                    claimRtt.add(t.claimRttNanos);
                }
            }
            t.active++;
            t.lastNode = node;
        }
        running.incrementAndGet();
        perNode.get(node).incrementAndGet();
    }

    private void ended(String node, String taskId) {
        perNode.get(node).decrementAndGet();
        running.decrementAndGet();
        Trace t = traces.get(taskId);
        synchronized (t) {
            t.active--;
            t.lastNode = node;
            t.endedNanos = System.nanoTime();
        }
    }

    /** Loops running now, on all nodes. */
    int running() {
        return running.get();
    }

    /** Loops running now on {@code node}. */
    int running(String node) {
        AtomicInteger n = perNode.get(node);
        return n == null ? 0 : n.get();
    }

    int overlaps() {
        return overlaps.get();
    }

    /** Moves seen since {@link #countMovesFromNow}. */
    int moves() {
        return moves.get();
    }

    /** Downtime of each move (nanoseconds). */
    Stats downtime() {
        return downtime;
    }

    /**
     * Where the moves' downtime went: loop returned → release stored on the old node → claimed by the new node (its
     * runner starts) → loop started there.
     */
    void putPhasesInto(com.fasterxml.jackson.databind.node.ObjectNode node) {
        toRelease.putInto(node, "loop_end_to_release_stored");
        toClaim.putInto(node, "release_to_claimed");
        toOffer.putInto(node, "release_to_offer");
        pacing.putInto(node, "offer_to_claim_sent");
        claimRtt.putInto(node, "claim_round_trip");
        toStart.putInto(node, "claimed_to_loop_start");
    }
}
