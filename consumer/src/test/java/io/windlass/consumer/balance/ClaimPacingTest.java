package io.windlass.consumer.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.windlass.consumer.balance.ClaimPacingDecision.ClaimTask;
import io.windlass.consumer.balance.ClaimPacingDecision.HoldBack;
import io.windlass.consumer.balance.ClaimPacingDecision.WaitUntil;
import io.windlass.consumer.balance.ClaimPacingInput.Burst;
import io.windlass.consumer.balance.ClaimPacingInput.Candidate;
import io.windlass.consumer.balance.ClaimPacingInput.Load;
import io.windlass.consumer.balance.ClaimPacingInput.Pacing;
import io.windlass.consumer.balance.ClaimPacingInput.PeersView;
import io.windlass.consumer.spi.NodeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The claim-pacing decision, table-driven: plain values in, a decision out (no threads, mailboxes or timers). */
class ClaimPacingTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration RETRY = Duration.ofSeconds(5);
    /** The defaults' pacing: 5 s claim retry, 1 ms per task, at most 250 ms, 256 claims in flight. */
    private static final Pacing PACING = new Pacing(RETRY, Duration.ofMillis(1), Duration.ofMillis(250), 256);
    private static final Pacing NO_DELAY = new Pacing(RETRY, Duration.ZERO, Duration.ZERO, 256);

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    /** An input under construction; every row starts from one queued own task offered at T0, decided at T0. */
    private static final class In {
        Instant now = T0;
        Pacing pacing = NO_DELAY;
        boolean allowed = true;
        int owned;
        int inFlight;
        int queued = 1;
        Instant burstStart = T0;
        int offered = 1;
        int ownedAtStart;
        Map<String, Integer> others = new HashMap<>();
        Instant peersReadAt = T0;
        boolean noView;
        Instant cappedSince;
        Candidate next = new Candidate("t1", T0, true);
        double jitter;

        In now(long millis) {
            now = at(millis);
            return this;
        }

        In pacing(Pacing p) {
            pacing = p;
            return this;
        }

        In frozen() {
            allowed = false;
            return this;
        }

        In load(int ownedNow, int claimsInFlight, int tasksQueued) {
            owned = ownedNow;
            inFlight = claimsInFlight;
            queued = tasksQueued;
            return this;
        }

        In burst(long startMillis, int tasksOffered, int ownedAtBurstStart) {
            burstStart = at(startMillis);
            offered = tasksOffered;
            ownedAtStart = ownedAtBurstStart;
            return this;
        }

        In peer(String node, int claims) {
            others.put(node, claims);
            return this;
        }

        In viewReadAt(long millis) {
            peersReadAt = at(millis);
            return this;
        }

        In noViewYet() {
            noView = true;
            return this;
        }

        In cappedSince(long millis) {
            cappedSince = at(millis);
            return this;
        }

        In nothingQueued() {
            next = null;
            queued = 0;
            return this;
        }

        In othersTask(long offeredMillis) {
            next = new Candidate("t1", at(offeredMillis), false);
            return this;
        }

        In ownTask(long offeredMillis) {
            next = new Candidate("t1", at(offeredMillis), true);
            return this;
        }

        In jitter(double j) {
            jitter = j;
            return this;
        }

        ClaimPacingInput build() {
            return new ClaimPacingInput(now, pacing, allowed, new Load(owned, inFlight, queued),
                    new Burst(burstStart, offered, ownedAtStart), noView ? null : new PeersView(others, peersReadAt),
                    cappedSince, next, jitter);
        }

        @Override
        public String toString() {
            return "input"; // the row's name says what it is
        }
    }

    private static In in() {
        return new In();
    }

    private static ClaimTask claimAt(long sendMillis) {
        return new ClaimTask("t1", at(sendMillis), false, null);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // ---- single node: no cap
                arguments("a single node has no cap, whatever it holds",
                        in().load(40, 10, 5).burst(0, 10, 0), claimAt(0)),
                // ---- the fair-share cap: 10 offered over 2 nodes -> ceil(10 / 2 x 1.1) = 6
                arguments("below its fair share it claims",
                        in().peer("b", 0).load(0, 5, 5).burst(0, 10, 0), claimAt(0)),
                arguments("at its share while another node owns fewer: wait until the view turns stale",
                        in().now(100).peer("b", 0).load(0, 6, 4).burst(0, 10, 0),
                        new WaitUntil(at(1_000), WaitUntil.Why.FAIR_SHARE_CAP, at(100))),
                arguments("tasks owned before the burst do not count against its share",
                        in().peer("b", 5).load(10, 5, 5).burst(0, 10, 10), claimAt(0)),
                arguments("at its share, but no node owns fewer: it claims (the least loaded is never held back)",
                        in().peer("b", 6).load(0, 6, 4).burst(0, 10, 0), claimAt(0)),
                arguments("held back on a fresh view: wait until the cap lifts",
                        in().now(4_500).viewReadAt(4_400).cappedSince(0).peer("b", 0).load(0, 6, 4)
                                .burst(0, 10, 0),
                        new WaitUntil(at(5_000), WaitUntil.Why.FAIR_SHARE_CAP, at(0))),
                arguments("held back on a view older than 1 s: read a fresh one first",
                        in().now(1_000).cappedSince(100).peer("b", 0).load(0, 6, 4).burst(0, 10, 0),
                        new HoldBack(HoldBack.Reason.PEERS_VIEW_STALE, at(100))),
                arguments("the cap lifts after claimRetry",
                        in().now(5_000).viewReadAt(4_900).cappedSince(0).peer("b", 0).load(0, 6, 4)
                                .burst(0, 10, 0),
                        new ClaimTask("t1", at(5_000), true, at(0))),
                arguments("a lifted cap stays lifted until the queue is empty",
                        in().now(6_000).viewReadAt(5_900).cappedSince(0).peer("b", 9).load(0, 2, 1)
                                .burst(0, 10, 0),
                        new ClaimTask("t1", at(6_000), true, at(0))),
                arguments("a cap that no longer holds is reset",
                        in().now(1_000).viewReadAt(900).cappedSince(0).peer("b", 0).load(0, 1, 4).burst(0, 10, 0),
                        claimAt(1_000)),
                // ---- preferred claimer first, thundering-herd delay
                arguments("an own preferred task goes first, delayed by 1 ms per owned task plus jitter",
                        in().pacing(PACING).load(20, 0, 3).jitter(0.5), new ClaimTask("t1",
                                at(20).plusNanos(500_000), false, null)),
                arguments("an own task whose delay has passed is claimed now",
                        in().pacing(PACING).now(300).load(20, 0, 3).ownTask(0), claimAt(300)),
                arguments("the load delay is capped at claimDelayMax",
                        in().pacing(PACING).load(10_000, 0, 1), claimAt(250)),
                arguments("another node's task waits claimDelay(queued + in flight) since its offer",
                        in().pacing(PACING).now(10).othersTask(0).load(0, 50, 100),
                        new WaitUntil(at(150), WaitUntil.Why.PREFERRED_NODE_FIRST, null)),
                arguments("in a storm another node's task waits at most claimDelayMax",
                        in().pacing(new Pacing(RETRY, Duration.ofMillis(1), Duration.ofMillis(250), 1_000))
                                .othersTask(0).load(0, 256, 5_000),
                        new WaitUntil(at(250), WaitUntil.Why.PREFERRED_NODE_FIRST, null)),
                arguments("a lone task of another node waits one step",
                        in().pacing(PACING).othersTask(0).load(0, 0, 1),
                        new WaitUntil(at(1), WaitUntil.Why.PREFERRED_NODE_FIRST, null)),
                arguments("another node's task is claimed once its wait is over",
                        in().pacing(PACING).now(150).othersTask(0).load(0, 50, 100), claimAt(150)),
                arguments("the cap is decided before another node's task waits",
                        in().pacing(PACING).now(10).othersTask(0).peer("b", 0).load(0, 6, 4).burst(0, 10, 0),
                        new WaitUntil(at(1_000), WaitUntil.Why.FAIR_SHARE_CAP, at(10))),
                // ---- the node short of work (a node joined busy ones, which release tasks to it) claims at once
                arguments("short of work: another node's task is claimed now, not after the preferred node's turn",
                        in().pacing(PACING).now(10).othersTask(0).peer("b", 500).peer("c", 480).peer("d", 520)
                                .load(0, 10, 40), claimAt(10)),
                arguments("short of work: an own task is claimed now, without the load delay and jitter",
                        in().pacing(PACING).jitter(0.5).peer("b", 450).peer("c", 450).peer("d", 450)
                                .load(100, 0, 3), claimAt(0)),
                arguments("short of work with a lifted cap: claimed now, the cap's state kept",
                        in().pacing(PACING).now(5_000).viewReadAt(4_900).cappedSince(0).othersTask(0)
                                .peer("b", 450).peer("c", 450).load(0, 2, 1).burst(0, 10, 0),
                        new ClaimTask("t1", at(5_000), true, at(0))),
                arguments("another node below the even split too: the preferred node goes first as before",
                        in().pacing(PACING).now(10).othersTask(0).peer("b", 500).peer("c", 480).peer("d", 300)
                                .load(0, 10, 40),
                        new WaitUntil(at(50), WaitUntil.Why.PREFERRED_NODE_FIRST, null)),
                arguments("holding the even split: the load delay applies as before",
                        in().pacing(PACING).peer("b", 390).peer("c", 390).peer("d", 390).load(390, 0, 1),
                        claimAt(250)),
                arguments("a storm at start (no node owns anything): the delays apply as before",
                        in().pacing(PACING).othersTask(0).peer("b", 0).peer("c", 0).load(0, 0, 1_500),
                        new WaitUntil(at(250), WaitUntil.Why.PREFERRED_NODE_FIRST, null)),
                arguments("tasks of a node that left (every node is offered its share): the delays apply as before",
                        in().pacing(PACING).now(10).othersTask(0).peer("b", 375).peer("c", 375).load(375, 0, 375),
                        new WaitUntil(at(250), WaitUntil.Why.PREFERRED_NODE_FIRST, null)),
                // ---- the view of the live nodes
                arguments("no view yet: read one",
                        in().noViewYet(), new HoldBack(HoldBack.Reason.PEERS_VIEW_STALE, null)),
                arguments("a burst that starts with a view older than 1 s waits for a fresh one",
                        in().now(2_000).burst(2_000, 1, 0).viewReadAt(1_000).cappedSince(1_900),
                        new HoldBack(HoldBack.Reason.PEERS_VIEW_STALE, at(1_900))),
                arguments("a view read after the burst started is fresh",
                        in().now(2_000).burst(1_500, 1, 0).viewReadAt(1_600), claimAt(2_000)),
                arguments("a view that ages during the burst still decides it",
                        in().now(5_000).burst(0, 1, 0).viewReadAt(0), claimAt(5_000)),
                // ---- nothing to do
                arguments("nothing queued resets the cap",
                        in().nothingQueued().cappedSince(0), new HoldBack(HoldBack.Reason.NOTHING_QUEUED, null)),
                arguments("a frozen node claims nothing and resets the cap",
                        in().frozen().cappedSince(0), new HoldBack(HoldBack.Reason.NOT_ALLOWED, null)),
                arguments("all claim slots taken: wait for an answer",
                        in().load(0, 256, 3).cappedSince(0), new HoldBack(HoldBack.Reason.NO_FREE_SLOT, at(0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String row, In input, ClaimPacingDecision expected) {
        assertThat(ClaimPacing.decide(input.build())).as(row).isEqualTo(expected);
    }

    @Test
    void everyTaskHasExactlyOnePreferredClaimerAmongTheLiveNodes() {
        List<String> live = List.of("a", "b", "c");
        for (int i = 0; i < 300; i++) {
            String task = "t" + i;
            assertThat(live.stream().filter(n -> ClaimPacing.preferredHere(task, n, live))).as(task).hasSize(1);
            assertThat(ClaimPacing.preferredHere(task, "a", live))
                    .isEqualTo(ClaimPacing.preferredHere(task, "a", List.of("c", "a", "b")));
        }
        assertThat(ClaimPacing.preferredHere("t1", "a", List.of("a"))).as("alone").isTrue();
        assertThat(ClaimPacing.preferredHere("t1", "a", List.of())).as("nothing known yet").isTrue();
    }

    @Test
    void theViewCountsOnlyOtherLiveNodesThatAreNotDraining() {
        List<NodeInfo> nodes = List.of(new NodeInfo("a", "h", T0, 3, false), new NodeInfo("b", "h", T0, 2, false),
                new NodeInfo("c", "h", T0, 7, true));
        PeersView view = PeersView.of("a", nodes, at(5));
        assertThat(view.others()).isEqualTo(Map.of("b", 2));
        assertThat(view.readAt()).isEqualTo(at(5));
        assertThat(view.liveNodes("a")).containsExactly("a", "b");
        assertThat(PeersView.of("z", List.of(), T0).liveNodes("z")).containsExactly("z");
    }

    @Test
    void fairShareAndClaimDelay() {
        assertThat(ClaimPacing.fairShare(10, 2)).isEqualTo(6);
        assertThat(ClaimPacing.fairShare(300, 3)).isEqualTo(110);
        assertThat(ClaimPacing.fairShare(1, 3)).isEqualTo(1);
        assertThat(ClaimPacing.fairShare(0, 3)).isZero();
        assertThat(PACING.claimDelay(0)).isZero();
        assertThat(PACING.claimDelay(-3)).isZero();
        assertThat(PACING.claimDelay(7)).isEqualTo(Duration.ofMillis(7));
        assertThat(PACING.claimDelay(100_000)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void invalidValuesAreRejectedWhenBuilt() {
        assertThatThrownBy(() -> in().nothingQueued().load(0, 0, 2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queued");
        assertThatThrownBy(() -> in().load(0, 0, 0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> in().jitter(1.0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> in().jitter(Double.NaN).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Load(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Burst(T0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeersView(Map.of("b", -1), T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacing(Duration.ZERO, Duration.ZERO, Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacing(RETRY, Duration.ofMillis(-1), Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacing(RETRY, Duration.ZERO, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClaimTask("t1", T0, true, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WaitUntil(T0, WaitUntil.Why.FAIR_SHARE_CAP, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HoldBack(HoldBack.Reason.NOTHING_QUEUED, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Candidate(null, T0, true)).isInstanceOf(NullPointerException.class);
    }
}
