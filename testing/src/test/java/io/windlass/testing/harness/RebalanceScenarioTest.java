package io.windlass.testing.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.balance.FairBalancer;
import io.windlass.consumer.spi.NodeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rebalancing running work (why Metafora exists): a node joining a cluster of busy long-running tasks gets its fair
 * share — their handlers are stopped, the tasks released and claimed by the new node — with no task running on two
 * nodes at once, each hand-over at the exact position, and the downtime of each move measured. (A busy node may take a
 * few of the tasks another releases — the claim pacer caps a node at its share of each burst of offers, not of the
 * cluster — and gives them away at its own next balance: a task can move twice, never run twice.)
 */
class RebalanceScenarioTest {
    private static final int TASKS = 30;
    private TaskHarness h;
    private final Handlers.Looper looper = Handlers.looper(() -> h.now(), Duration.ofSeconds(1));

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aNodeJoiningTwoBusyNodesGetsItsShareWithinTwoBalanceIntervalsAndNoTaskRunsTwice() {
        h = TaskHarness.builder().nodes("a", "b").register("loop", looper)
                .balancer(() -> FairBalancer.create(1.0, FairBalancer.DEFAULT_RELEASE_BACKOFF)).build();
        for (int i = 0; i < TASKS; i++) {
            h.submit("s" + i, "loop", null);
        }
        h.advance(Duration.ofMinutes(3)); // a and b settle
        assertThat(counts()).containsEntry("a", 15).containsEntry("b", 15);
        int runsBefore = looper.runs.size();

        Instant joined = h.now();
        h.startNode("c");
        Duration interval = Duration.ofSeconds(30 + 3); // the default balance interval + its maximum jitter
        h.advance(interval.multipliedBy(2));

        assertThat(counts()).as("every node holds its share within 2 balance intervals of the join")
                .containsEntry("a", 10).containsEntry("b", 10).containsEntry("c", 10);
        List<Handlers.Looper.Run> stopped = new ArrayList<>(looper.runs.subList(runsBefore, looper.runs.size()));
        assertThat(stopped).as("handlers stopped on a and b for the move").hasSizeGreaterThanOrEqualTo(10)
                .allSatisfy(r -> {
                    assertThat(r.end()).isEqualTo("stop");
                    assertThat(r.to()).isAfter(joined);
                });
        assertThat(stopped.stream().map(Handlers.Looper.Run::taskId).distinct()
                .filter(id -> h.owner(id).orElseThrow().equals("c")))
                .as("c runs 10 of the stopped tasks").hasSize(10);

        h.advance(Duration.ofSeconds(5));
        h.shutdownNode("c"); // ends c's runs too, so every hand-over is in the ledger
        List<Duration> downtimes = new ArrayList<>();
        for (Handlers.Looper.Run moved : stopped) {
            Handlers.Looper.Run next = looper.runsOf(moved.taskId()).stream()
                    .filter(r -> !r.from().isBefore(moved.to()) && r != moved)
                    .min(Comparator.comparing(Handlers.Looper.Run::from)).orElseThrow();
            assertThat(next.nodeId()).isNotEqualTo(moved.nodeId());
            assertThat(next.fromPosition()).as("%s resumed at its exact position", moved.taskId())
                    .isEqualTo(moved.toPosition());
            downtimes.add(Duration.between(moved.to(), next.from()));
        }
        looper.assertNoOverlap();
        assertThat(downtimes).as("per-task downtime of each move (virtual time)")
                .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(1)));
    }

    private Map<String, Integer> counts() {
        return h.nodes().stream().collect(Collectors.toMap(NodeInfo::nodeId, NodeInfo::claims));
    }
}
