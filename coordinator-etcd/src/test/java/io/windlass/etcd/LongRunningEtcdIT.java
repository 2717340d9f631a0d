package io.windlass.etcd;

import static io.windlass.etcd.EtcdTesting.awaitUntil;
import static io.windlass.etcd.EtcdTesting.props;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.consumer.Consumer;
import io.windlass.consumer.balance.FairBalancer;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.HandlerRegistry;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Metafora-style long-running handlers on real etcd: stop reaches a looping handler within 1 s whatever asks for it,
 * a node joining busy nodes gets its share with no task running on two nodes at once (an in-JVM ledger of handler
 * runs), and a checkpoint after a lost claim fails with CLAIM_LOST while the handler sees stop.
 */
class LongRunningEtcdIT extends EtcdFixture {
    private final List<Consumer> consumers = new ArrayList<>();
    private final ConcurrentLinkedQueue<Run> runs = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<WindlassException> checkpointFailures = new ConcurrentLinkedQueue<>();
    /** Task id → when its handler started running (nanoTime), for runs still going. */
    private final Map<String, Long> running = new ConcurrentHashMap<>();
    /** When armed for a task, its next unit blocks until released (slow I/O). */
    private volatile String blockTask;
    private final CountDownLatch blocked = new CountDownLatch(1);
    private final CountDownLatch unblock = new CountDownLatch(1);

    record Run(String task, String node, long fence, long startNanos, long endNanos, long fromPosition,
               long toPosition, String end) {
    }

    record NoProps(String name) {
    }

    LongRunningEtcdIT() {
        super("long");
    }

    /** A unit every 100 ms, waiting on the stop signal; its position stored with checkpointNow every 10 units. */
    final class Looper implements TaskHandler<NoProps> {
        @Override
        public Class<NoProps> propsType() {
            return NoProps.class;
        }

        @Override
        public Command onRunnable(TaskContext<NoProps> ctx) throws InterruptedException {
            long start = System.nanoTime();
            String task = ctx.taskId();
            String node = ctx.nodeId();
            long fence = ctx.fence();
            long from = ctx.data() == null ? 0 : ctx.data().path("pos").asLong();
            long pos = from;
            String end = "stop";
            running.put(task, start);
            try {
                while (!ctx.stop().await(Duration.ofMillis(100))) {
                    if (task.equals(blockTask)) {
                        blocked.countDown();
                        unblock.await(30, TimeUnit.SECONDS);
                    }
                    pos++;
                    if (pos % 10 == 0 || task.equals(blockTask)) {
                        ctx.checkpointNow(data(pos));
                    }
                }
                ctx.checkpoint(data(pos));
                return Command.checkpoint();
            } catch (WindlassException e) {
                checkpointFailures.add(e);
                end = e.code() + (ctx.stop().requested() ? " + stop" : "");
                return Command.checkpoint();
            } finally {
                running.remove(task);
                runs.add(new Run(task, node, fence, start, System.nanoTime(), from, pos, end));
            }
        }
    }

    private static JsonNode data(long pos) {
        return JsonNodeFactory.instance.objectNode().put("pos", pos);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        unblock.countDown();
        consumers.forEach(Consumer::shutdownNow);
        for (Consumer c : consumers) {
            c.awaitTermination(Duration.ofSeconds(10));
        }
    }

    private Consumer consumer(String node, double threshold, Duration balanceInterval) {
        Consumer c = Consumer.builder().nodeId(node)
                .coordinator(EtcdCoordinator.create(ETCD.client(), ns, EtcdTesting.settings()))
                .handlers(HandlerRegistry.builder().register("loop", new Looper()).build())
                .balancer(FairBalancer.create(threshold, Duration.ofSeconds(1)))
                .balanceInterval(balanceInterval, Duration.ofMillis(100))
                .releaseBackoff(Duration.ofSeconds(1))
                .shutdownGrace(Duration.ofSeconds(10))
                .build();
        consumers.add(c);
        c.start();
        return c;
    }

    private void submit(int n) {
        for (int i = 0; i < n; i++) {
            client.submit("l" + i, "loop", props("l" + i));
        }
    }

    /** The end of the run of {@code task} that started before {@code sentNanos} (its stop), in ms after it. */
    private long stopLatencyMs(String task, long sentNanos) {
        awaitUntil(task + " stopped", () -> runs.stream().anyMatch(r -> r.task().equals(task)
                && r.endNanos() >= sentNanos && r.startNanos() < sentNanos));
        Run r = runs.stream().filter(x -> x.task().equals(task) && x.startNanos() < sentNanos
                && x.endNanos() >= sentNanos).findFirst().orElseThrow();
        return TimeUnit.NANOSECONDS.toMillis(r.endNanos() - sentNanos);
    }

    @Test
    void everyStopReachesALoopingHandlerWithinOneSecond() {
        submit(6);
        Consumer a = consumer("a", FairBalancer.DEFAULT_THRESHOLD, Duration.ofHours(1));
        awaitUntil("a runs all 6 loops", () -> running.size() == 6 && a.ownedTasks().size() == 6);
        Consumer b = consumer("b", FairBalancer.DEFAULT_THRESHOLD, Duration.ofHours(1));
        awaitUntil("b registered", () -> client.nodes().size() == 2);

        Map<String, Long> latencies = new java.util.LinkedHashMap<>();
        Set<String> before = Set.copyOf(a.ownedTasks());
        long sent = System.nanoTime();
        client.nodeCommand("a", NodeCommand.BALANCE, null);
        awaitUntil("a released 2 (4|2)", () -> a.ownedTasks().size() == 4);
        for (String moved : before) {
            if (!a.ownedTasks().contains(moved)) {
                latencies.put("balance " + moved, stopLatencyMs(moved, sent));
            }
        }
        List<String> onA = a.ownedTasks().stream().sorted().toList();
        awaitUntil("the 4 on a and the 2 on b run", () -> running.size() == 6);
        String[] kinds = {"pause", "kill", "release", "stop_task"};
        for (int i = 0; i < 4; i++) {
            String task = onA.get(i);
            sent = System.nanoTime();
            switch (kinds[i]) {
                case "pause" -> client.command(task, Command.pause());
                case "kill" -> client.command(task, Command.kill());
                case "release" -> client.command(task, Command.release());
                default -> client.nodeCommand("a", NodeCommand.STOP_TASK, task);
            }
            latencies.put(kinds[i] + " " + task, stopLatencyMs(task, sent));
        }
        List<String> onB = b.ownedTasks().stream().sorted().toList();
        // a task b claimed a moment ago (one a released) may not have started yet: its stop is measured once it runs
        awaitUntil("b runs the tasks it owns", () -> running.keySet().containsAll(onB));
        sent = System.nanoTime();
        b.shutdown();
        for (String task : onB) {
            latencies.put("shutdown " + task, stopLatencyMs(task, sent));
        }
        System.out.println("stop latencies (ms): " + latencies);
        // 2 balance moves + 4 stops on a + every task b ran at its shutdown (also a released one b picked up meanwhile)
        assertThat(latencies).hasSize(6 + onB.size()).allSatisfy((what, ms) -> assertThat(ms).as(what).isLessThan(1000));
    }

    @Test
    void aNodeJoiningBusyNodesGetsItsShareWithNoTaskOnTwoNodesAtOnce() {
        submit(12);
        Consumer a = consumer("a", 1.0, Duration.ofMillis(500));
        Consumer b = consumer("b", 1.0, Duration.ofMillis(500));
        awaitUntil("a and b run all 12, 6|6", Duration.ofSeconds(30), () -> running.size() == 12
                && a.ownedTasks().size() == 6 && b.ownedTasks().size() == 6);
        int runsBefore = runs.size();

        long joined = System.nanoTime();
        Consumer c = consumer("c", 1.0, Duration.ofMillis(500));
        awaitUntil("4|4|4 and all 12 running", Duration.ofSeconds(30), () -> c.ownedTasks().size() == 4
                && a.ownedTasks().size() == 4 && b.ownedTasks().size() == 4 && running.size() == 12);
        long settledMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - joined);
        assertThat(client.nodes()).extracting(NodeInfo::claims).containsOnly(4);

        consumers.forEach(Consumer::shutdown);
        awaitUntil("every handler ended", Duration.ofSeconds(30), () -> running.isEmpty()
                && consumers.stream().allMatch(Consumer::isTerminated));
        Map<String, List<Run>> byTask = runs.stream().sorted(Comparator.comparingLong(Run::startNanos))
                .collect(Collectors.groupingBy(Run::task));
        List<Long> downtimesMs = new ArrayList<>();
        byTask.forEach((task, list) -> {
            for (int i = 1; i < list.size(); i++) {
                Run prev = list.get(i - 1);
                Run next = list.get(i);
                assertThat(next.startNanos()).as("%s ran on %s and %s at once", task, prev.node(), next.node())
                        .isGreaterThanOrEqualTo(prev.endNanos());
                assertThat(next.fence()).isGreaterThan(prev.fence());
                assertThat(next.fromPosition()).as("%s resumed at its exact position", task)
                        .isEqualTo(prev.toPosition());
                if (prev.endNanos() > joined && next.node().equals("c")) {
                    downtimesMs.add(TimeUnit.NANOSECONDS.toMillis(next.startNanos() - prev.endNanos()));
                }
            }
        });
        downtimesMs.sort(null);
        System.out.printf("join of c: share after %d ms; %d moves to c, downtime ms p50 %d, max %d (all %s); %d runs"
                + " before the join%n", settledMs, downtimesMs.size(), downtimesMs.get(downtimesMs.size() / 2),
                downtimesMs.get(downtimesMs.size() - 1), downtimesMs, runsBefore);
        assertThat(downtimesMs).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(ms -> assertThat(ms).as("downtime of a move").isLessThan(2000));
    }

    @Test
    void aCheckpointAfterTheClaimIsLostFailsWithClaimLostAndTheHandlerSeesStop() throws InterruptedException {
        submit(1);
        EtcdCoordinator coordinator = EtcdCoordinator.create(ETCD.client(), ns, EtcdTesting.settings());
        Consumer a = Consumer.builder().nodeId("a").coordinator(coordinator)
                .handlers(HandlerRegistry.builder().register("loop", new Looper()).build()).build();
        consumers.add(a);
        a.start();
        awaitUntil("a stored a first position", () -> client.get("l0").orElseThrow().state().state().data() != null);
        long oldFence = client.get("l0").orElseThrow().fence();
        blockTask = "l0";
        assertThat(blocked.await(30, TimeUnit.SECONDS)).as("a unit of l0 is stuck in slow I/O").isTrue();

        EtcdTesting.await(ETCD.client().getLeaseClient().revoke(coordinator.leaseId()));
        awaitUntil("a noticed the lost claim and claimed l0 again", () -> client.get("l0").orElseThrow().fence()
                > oldFence);
        unblock.countDown();
        awaitUntil("the stuck run ended", () -> runs.stream().anyMatch(r -> r.end().startsWith("CLAIM_LOST")));

        assertThat(checkpointFailures).first().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CLAIM_LOST);
            assertThat(e).hasMessageContaining("task l0 no longer runs on a");
        });
        long stuckUntil = runs.stream().filter(r -> r.fence() == oldFence).findFirst().orElseThrow().toPosition();
        awaitUntil("l0 goes on under the new fence", () -> position("l0") > stuckUntil);
        assertThat(runs).filteredOn(r -> r.fence() == oldFence).singleElement()
                .satisfies(r -> assertThat(r.end()).isEqualTo("CLAIM_LOST + stop"));
    }

    private long position(String task) {
        JsonNode data = client.get(task).orElseThrow().state().state().data();
        return data == null ? 0 : data.path("pos").asLong();
    }
}
