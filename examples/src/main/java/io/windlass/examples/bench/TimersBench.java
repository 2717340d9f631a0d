package io.windlass.examples.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.examples.support.Json;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code timers}: N claimed tasks sleeping until staggered times (spread evenly over a window) → lateness of each
 * wake-up, measured when the Sleeping → Runnable transition is STORED (commit time − until), p50/p99/max; also when the
 * timer fired. Baseline: the same N wake-up times on a plain JDK scheduled executor in this JVM, no etcd (the
 * machine's own scheduling noise). Target: framework p99 <= 100 ms.
 */
final class TimersBench implements Benchmark {
    static final double TARGET_P99_MS = 100;
    static final int NODES = 3;

    @Override
    public String name() {
        return "timers";
    }

    @Override
    public Result run(Context ctx) {
        int tasks = ctx.pick(100, 1000, 10_000);
        Duration window = ctx.seconds(1, 5, 20);
        Duration lead = ctx.seconds(1, 2, 3);
        ObjectNode params = Json.object().put("tasks", tasks).put("nodes", NODES)
                .put("stagger_window_s", window.toSeconds()).put("first_wake_after_s", lead.toSeconds());
        Progress progress = ctx.progress();

        progress.phase("baseline: " + tasks + " JDK timers over " + window.toSeconds() + " s");
        Stats jdk = jdkTimers(tasks, window, lead);
        ObjectNode baseline = Json.object();
        jdk.putInto(baseline, "lateness");

        ObjectNode framework = Json.object();
        Sleepers sleepers = new Sleepers(tasks);
        try (NodeGroup group = new NodeGroup(ctx.etcd(), "bench-timers", EtcdCoordinatorSettings.defaults(),
                progress)) {
            progress.phase("framework: submit " + tasks + " tasks");
            group.submit(tasks, 16);
            List<BenchNode> nodes = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                nodes.add(group.add("node-" + i, sleepers, 64));
            }
            progress.phase("framework: claim (each task sleeps far away first)");
            group.startTogether(nodes);
            group.await(() -> sleepers.running() >= tasks, Duration.ofSeconds(300),
                    () -> sleepers.running() + "/" + tasks + " running");
            Instant first = Instant.now().plus(lead);
            long step = window.toNanos() / tasks;
            progress.phase("framework: " + tasks + " tasks sleep until staggered times");
            for (BenchNode node : nodes) {
                node.applyToAll(slot -> Command.sleepUntil(first.plusNanos(step * Math.max(0, slot.index()))));
            }
            boolean all = group.await(() -> sleepers.woken.get() >= tasks,
                    lead.plus(window).plusSeconds(60), () -> sleepers.woken.get() + "/" + tasks + " woken");
            framework.put("all_woken", all);
            framework.put("woken", sleepers.woken.get());
            sleepers.stored.putInto(framework, "lateness");
            sleepers.fired.putInto(framework, "timer_fired_lateness");
            framework.put("sleep_writes_stored_after_their_until", sleepers.sleptLate.get());
        }
        double p99 = sleepers.stored.percentileMillis(99);
        boolean met = sleepers.woken.get() >= tasks && p99 <= TARGET_P99_MS;
        List<String> notes = new ArrayList<>();
        notes.add("lateness = time the Sleeping -> Runnable transition was stored - until (wall clock, same JVM)");
        return new Result(name(), params, baseline, framework, null, "no ratio: the baseline is the machine's noise",
                "p99 lateness <= " + (int) TARGET_P99_MS + " ms", met,
                String.format("JDK timers p99 %.1f ms", jdk.percentileMillis(99)),
                String.format("p50 %.1f / p99 %.1f / max %.1f ms", sleepers.stored.percentileMillis(50), p99,
                        sleepers.stored.percentileMillis(100)), notes);
    }

    private static Stats jdkTimers(int tasks, Duration window, Duration lead) {
        Stats stats = new Stats(tasks);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(BenchNode.daemon("bench-jdk"));
        try {
            long first = System.nanoTime() + lead.toNanos();
            long step = window.toNanos() / tasks;
            AtomicInteger done = new AtomicInteger();
            for (int i = 0; i < tasks; i++) {
                long at = first + step * i;
                timer.schedule(() -> {
                    stats.add(Math.max(0, System.nanoTime() - at));
                    done.incrementAndGet();
                }, at - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
            long deadline = first + window.toNanos() + Duration.ofSeconds(30).toNanos();
            while (done.get() < tasks && System.nanoTime() < deadline) {
                NodeGroup.sleepQuietly(50);
            }
        } finally {
            timer.shutdownNow();
        }
        return stats;
    }

    /** Idle at first; records the lateness of every wake-up (Sleeping → Runnable stored) after that. */
    static final class Sleepers extends Idle {
        final Stats stored;
        final Stats fired;
        final AtomicInteger woken = new AtomicInteger();
        final AtomicInteger sleptLate = new AtomicInteger();

        Sleepers(int tasks) {
            this.stored = new Stats(tasks);
            this.fired = new Stats(tasks);
        }

        @Override
        public void committed(BenchNode node, Slot slot, TaskState before, Instant now, long writeNanos) {
            super.committed(node, slot, before, now, writeNanos);
            TaskState after = slot.stored.state();
            if (before.code() == StateCode.SLEEPING && after.code() == StateCode.RUNNABLE) {
                stored.add(Math.max(0, Duration.between(before.until(), now).toNanos()));
                woken.incrementAndGet();
            } else if (slot.commits > 1 && after.code() == StateCode.SLEEPING && !after.until().isAfter(now)) {
                sleptLate.incrementAndGet();
            }
        }

        @Override
        public void timerFired(Slot slot, Instant until, Instant now) {
            fired.add(Math.max(0, Duration.between(until, now).toNanos()));
        }
    }
}
