package io.windlass.cli.demo;

import io.windlass.consumer.spi.DaemonThreads;
import io.windlass.cli.worker.HttpEndpoint;
import io.windlass.consumer.client.TaskClient;
import io.windlass.http.WindlassHttpServer;
import io.windlass.consumer.client.TaskFilter;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.examples.handlers.ExampleHandlers;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.HandlerRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the demo: starts the nodes, submits the task mix, refreshes the view once a second while the script runs,
 * then stops the nodes gracefully and prints a summary. One refresh thread does all the steering and printing.
 */
public final class Demo {
    private final DemoSettings settings;
    private final PrintWriter out;
    private final DemoBackend backend;
    private final DemoStats stats = new DemoStats(this::event);
    private final HandlerRegistry registry = ExampleHandlers.registry();
    private final List<DemoNode> nodes = new ArrayList<>();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    /** When the tour started (after the nodes started and the tasks were submitted); set once, before the loop. */
    private volatile long startNanos = System.nanoTime();
    private long lastTransitions;
    private long lastNanos;
    private int nodeCounter;
    /** An unexpected failure of the refresh loop, rethrown after the summary. */
    private volatile RuntimeException failure;

    private Demo(DemoSettings settings, PrintWriter out, DemoBackend backend) {
        this.settings = settings;
        this.out = out;
        this.backend = backend;
    }

    /** Runs the demo to its end; returns the exit code (0). Failures are WindlassExceptions. */
    public static int run(DemoSettings settings, PrintWriter out) throws InterruptedException {
        return run(settings, out, null);
    }

    /** {@link #run(DemoSettings, PrintWriter)} that also serves the HTTP API and the dashboard at {@code http}. */
    public static int run(DemoSettings settings, PrintWriter out, HttpEndpoint http) throws InterruptedException {
        try (DemoBackend backend = settings.etcd() == null
                ? new MemoryBackend(settings.namespace(), DemoNode.LEASE_TTL)
                : EtcdBackend.open(settings.etcd(), settings.namespace(), DemoNode.LEASE_TTL)) {
            WindlassHttpServer server = http == null ? null : http.start(backend.client(), null, null);
            try {
                if (server != null) {
                    out.println("windlass demo: dashboard on " + http.dashboardUrl(server)
                            + (settings.etcd() == null ? " (the in-memory store keeps no history and no counts:"
                            + " use --etcd for the whole dashboard)" : ""));
                }
                return new Demo(settings, out, backend).run();
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        }
    }

    private int run() throws InterruptedException {
        out.println("windlass demo: " + settings.nodes() + " nodes on the " + backend.describe() + ", namespace "
                + settings.namespace() + ", " + settings.tasks() + " tasks, " + settings.duration().toSeconds() + "s");
        out.flush();
        try {
            for (int i = 0; i < settings.nodes(); i++) {
                startNode();
            }
            List<DemoTasks.Spec> specs = submit();
            tour(specs);
            List<TaskView> tasks = backend.client().list(TaskFilter.all());
            List<NodeInfo> live = backend.client().nodes();
            stopNodes();
            printSummary(tasks, live);
        } finally {
            stopNodes();
        }
        if (failure != null) {
            throw failure;
        }
        return 0;
    }

    private List<DemoTasks.Spec> submit() {
        List<DemoTasks.Spec> specs = DemoTasks.mix(settings.tasks(), settings.duration());
        for (DemoTasks.Spec spec : specs) {
            ExampleHandlers.validateProps(registry, spec.type(), spec.props());
            try {
                backend.client().submit(spec.id(), spec.type(), spec.props());
            } catch (WindlassException e) {
                if (e.code() == ErrorCode.DUPLICATE_TASK) {
                    throw new WindlassException(ErrorCode.DUPLICATE_TASK, "namespace " + settings.namespace()
                            + " already holds demo task " + spec.id() + ": use a fresh --namespace", e);
                }
                throw e;
            }
        }
        startNanos = System.nanoTime();
        lastNanos = startNanos;
        event("submitted " + specs.size() + " tasks");
        return specs;
    }

    /** Refreshes once a second while the script runs, until the duration has passed. */
    private void tour(List<DemoTasks.Spec> specs) throws InterruptedException {
        DemoScript script = script(specs);
        CountDownLatch done = new CountDownLatch(1);
        ScheduledExecutorService refresh = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("demo-refresh"));
        try {
            refresh.scheduleAtFixedRate(() -> tick(script, done), 0, 1, TimeUnit.SECONDS);
            if (!done.await(settings.duration().toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
                event("the refresh loop did not finish in time");
            }
        } finally {
            refresh.shutdownNow();
            refresh.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private void tick(DemoScript script, CountDownLatch done) {
        try {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            double progress = (double) elapsed.toMillis() / settings.duration().toMillis();
            for (DemoScript.Step step : script.due(progress)) {
                try {
                    step.action().run();
                } catch (WindlassException e) {
                    event(step.name() + " failed: " + e.getMessage());
                }
            }
            try {
                render(elapsed);
            } catch (WindlassException e) {
                event("refresh failed (will retry): " + e.getMessage());
            }
            if (progress >= 1.0) {
                done.countDown();
            }
        } catch (RuntimeException e) {
            event("demo stopped by an unexpected error: " + e);
            failure = e;
            done.countDown();
        }
    }

    private void render(Duration elapsed) {
        long now = System.nanoTime();
        long transitions = stats.transitions();
        double rate = (transitions - lastTransitions) * 1e9 / Math.max(1, now - lastNanos);
        lastTransitions = transitions;
        lastNanos = now;
        DemoView.Snapshot snap = new DemoView.Snapshot(elapsed, settings.duration(), backend.client().nodes(),
                backend.client().list(TaskFilter.all()), rate, transitions, List.copyOf(events));
        out.print(settings.plain() ? DemoView.plainLine(snap) + System.lineSeparator() : DemoView.screen(snap));
        out.flush();
    }

    private DemoScript script(List<DemoTasks.Spec> specs) {
        List<String> monitors = specs.stream().filter(s -> s.id().startsWith("monitor-")).map(DemoTasks.Spec::id)
                .toList();
        String pauseTarget = monitors.isEmpty() ? specs.get(0).id() : monitors.get(0);
        String killTarget = monitors.size() > 1 ? monitors.get(1) : specs.get(specs.size() - 1).id();
        TaskClient client = backend.client();
        stats.watch(pauseTarget);
        stats.watch(killTarget);
        return new DemoScript()
                .add(0.15, "pause " + pauseTarget, () -> command(pauseTarget, Command.pause()))
                .add(0.30, "run " + pauseTarget, () -> command(pauseTarget, Command.run()))
                .add(0.40, "kill " + killTarget, () -> command(killTarget, Command.kill()))
                .add(0.45, "node leaves", this::busiestNodeLeaves)
                .add(0.60, "rebalance", () -> {
                    String joined = startNode();
                    event(joined + " joined; asking every node to rebalance");
                    for (NodeInfo n : client.nodes()) {
                        client.nodeCommand(n.nodeId(), NodeCommand.BALANCE, null);
                    }
                });
    }

    private void command(String taskId, Command command) {
        backend.client().command(taskId, command);
        event("sent " + command.kind() + " to " + taskId);
    }

    private void busiestNodeLeaves() {
        if (nodes.size() < 2) {
            event("only one node: skipping 'node leaves'");
            return;
        }
        Map<String, Integer> claims = new java.util.HashMap<>();
        backend.client().nodes().forEach(n -> claims.put(n.nodeId(), n.claims()));
        DemoNode leaving = nodes.stream().max(Comparator.comparingInt(n -> claims.getOrDefault(n.id(), 0)))
                .orElseThrow();
        event(leaving.id() + " leaves (graceful shutdown, holding " + claims.getOrDefault(leaving.id(), 0)
                + " tasks): its tasks move to the others");
        nodes.remove(leaving);
        leaving.stop();
    }

    private String startNode() {
        String id = "node-" + (++nodeCounter);
        nodes.add(DemoNode.start(id, backend.coordinator(), registry, stats.listenerFor(id)));
        return id;
    }

    /** Stops every node at once (all drain together, so tasks do not hop between nodes that are stopping). */
    private void stopNodes() {
        List<DemoNode> stopping = List.copyOf(nodes);
        nodes.clear();
        stopping.forEach(DemoNode::beginStop);
        stopping.forEach(DemoNode::stop);
    }

    private void event(String text) {
        String line = DemoView.prefix(Duration.ofNanos(System.nanoTime() - startNanos)) + text;
        events.add(line);
        if (settings.plain()) {
            out.println(line);
            out.flush();
        }
    }

    private void printSummary(List<TaskView> tasks, List<NodeInfo> live) {
        Map<StateCode, Integer> counts = DemoView.counts(tasks);
        out.println();
        out.println("summary after " + settings.duration().toSeconds() + "s on the " + backend.describe() + ":");
        out.println("  tasks: " + tasks.size() + " — " + counts);
        out.println("  tasks completed: " + counts.getOrDefault(StateCode.COMPLETED, 0)
                + ", failed: " + counts.getOrDefault(StateCode.FAILED, 0)
                + ", killed: " + counts.getOrDefault(StateCode.KILLED, 0));
        out.println("  tasks moved between nodes: " + stats.tasksMoved() + " (" + stats.moves() + " moves)");
        out.println("  commands rejected by the owner (state changed since they were sent): "
                + stats.rejectedCommands());
        out.println(String.format(java.util.Locale.ROOT, "  transitions stored: %d (%.1f/s)", stats.transitions(),
                stats.transitions() * 1000.0 / Math.max(1, settings.duration().toMillis())));
        out.println("  nodes at the end: " + live.stream().map(n -> n.nodeId() + "=" + n.claims()).toList());
        if (!settings.plain()) {
            out.println("  events:");
            synchronized (events) {
                events.forEach(e -> out.println("    " + e));
            }
        }
        out.flush();
    }
}
