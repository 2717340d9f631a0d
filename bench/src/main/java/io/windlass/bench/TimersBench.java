package io.windlass.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.cli.support.Json;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code timers}: N claimed tasks (three consumer nodes) are sent {@code Sleep(until)} commands with staggered times
 * (spread evenly over a window) → lateness of each wake-up, measured when the Sleeping → Runnable transition is
 * STORED (seen by the listener − until), p50/p99/max; also when it was applied ({@code Transition.at} − until). Baseline: the same N wake-up times on a plain JDK scheduled executor in this JVM, no etcd (the
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
        Duration lead = ctx.seconds(2, 4, 15);
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
            List<Node> nodes = group.engines(NODES, new BenchHandler(false), sleepers);
            progress.phase("framework: claim (each task first sleeps a year)");
            group.startTogether(nodes);
            group.await(() -> sleepers.running() >= tasks, Duration.ofSeconds(300),
                    () -> sleepers.running() + "/" + tasks + " running");
            Instant first = Instant.now().plus(lead);
            long step = window.toNanos() / tasks;
            for (int i = 0; i < tasks; i++) {
                sleepers.until[i] = first.plusNanos(step * i);
            }
            progress.phase("framework: send each task Sleep(until), staggered over " + window.toSeconds() + " s");
            group.forEachTask(tasks, 16, "sleep commands sent",
                    (client, i) -> client.command("t-" + i, Command.sleepUntil(sleepers.until[i])));
            boolean all = group.await(() -> sleepers.woken.get() >= tasks,
                    lead.plus(window).plusSeconds(60), () -> sleepers.woken.get() + "/" + tasks + " woken");
            framework.put("all_woken", all);
            framework.put("woken", sleepers.woken.get());
            sleepers.stored.putInto(framework, "lateness");
            sleepers.applied.putInto(framework, "applied_lateness");
            framework.put("sleeps_applied_after_their_until", sleepers.sleptLate.get());
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

    /** Records the lateness of every wake-up (Sleeping -RUN-> Runnable) of a task whose {@code until} was set. */
    static final class Sleepers extends FirstRun {
        final Instant[] until;
        final Stats stored;
        final Stats applied;
        final AtomicInteger woken = new AtomicInteger();
        final AtomicInteger sleptLate = new AtomicInteger();

        Sleepers(int tasks) {
            this.until = new Instant[tasks];
            this.stored = new Stats(tasks);
            this.applied = new Stats(tasks);
        }

        @Override
        public void stored(String node, String taskId, Transition transition, TaskState state) {
            super.stored(node, taskId, transition, state);
            Instant now = Instant.now();
            int i = Integer.parseInt(taskId.substring(taskId.lastIndexOf('-') + 1));
            Instant due = until[i];
            if (due == null) {
                return;
            }
            if (transition.from() == StateCode.SLEEPING && transition.command() == CommandKind.RUN) {
                stored.add(Math.max(0, Duration.between(due, now).toNanos()));
                applied.add(Math.max(0, Duration.between(due, transition.at()).toNanos()));
                woken.incrementAndGet();
            } else if (transition.from() == StateCode.SLEEPING && transition.command() == CommandKind.SLEEP
                    && due.isBefore(transition.at())) {
                sleptLate.incrementAndGet();
            }
        }
    }
}
