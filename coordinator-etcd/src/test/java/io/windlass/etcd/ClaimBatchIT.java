package io.windlass.etcd;

import static io.windlass.etcd.EtcdTesting.await;
import static io.windlass.etcd.EtcdTesting.claim;
import static io.windlass.etcd.EtcdTesting.props;
import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.Client;
import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Claims through group commit on real etcd: three coordinators (each on its own jetcd client) race for the same
 * tasks; every task is claimed exactly once per round, and its fence grows across release and re-claim.
 */
class ClaimBatchIT extends EtcdFixture {
    private static final int TASKS = 200;
    private static final int ROUNDS = 3;
    /** The jetcd clients of nodes 1 and 2; node 0 uses the class's client. */
    private static final List<Client> MORE_CLIENTS = new ArrayList<>();
    private static final Values VALUES = new Values(io.windlass.statemachine.codec.WireCodec.standard());

    ClaimBatchIT() {
        super("cb");
    }

    @BeforeAll
    static void connectTwoMore() {
        for (int i = 0; i < 2; i++) {
            MORE_CLIENTS.add(EtcdTesting.warm(EtcdClients.connect(ETCD.etcd().endpoints().toArray(String[]::new))));
        }
    }

    @AfterAll
    static void disconnectTwoMore() {
        MORE_CLIENTS.forEach(Client::close);
        MORE_CLIENTS.clear();
    }

    /** Node {@code i}'s own jetcd client. */
    private static Client clientOfNode(int i) {
        return i == 0 ? ETCD.client() : MORE_CLIENTS.get(i - 1);
    }

    @Test
    void threeNodesRacingForTheSameTasksClaimEachExactlyOnceWithGrowingFences() {
        Set<Long> firstRoundFences = race(EtcdTesting.settings());
        assertThat(firstRoundFences.size()).as("claims shared batches (one fence per batch)").isLessThan(TASKS / 2);
    }

    @Test
    void batchSizeOneSendsOneTxnPerClaim() {
        Set<Long> firstRoundFences = race(EtcdTesting.settings().withBatching(1, Duration.ofMillis(1), 64));
        assertThat(firstRoundFences).as("one revision per claim").hasSize(TASKS);
    }

    @Test
    void claimsInOneBatchEachSayWhyTheyFailed() {
        EtcdTesting.Node n1 = t.start(ns, "n1", EtcdTesting.settings(), clientOfNode(0));
        EtcdTesting.Node n2 = t.start(ns, "n2", EtcdTesting.settings(), clientOfNode(1));
        for (String id : List.of("taken", "deleted", "finished", "free")) {
            client.submit(id, "contract", props(id));
        }
        Claim taken = claim(n2, "taken");
        assertThat(client.delete("deleted")).isTrue();
        Claim fin = claim(n2, "finished");
        assertThat(await(n2.coordinator().write(new StateWrite("finished", fin.fence(), fin.state().revision(),
                new TaskState(StateCode.COMPLETED, null, List.of(), null, 1), List.of(), false, true))))
                .isInstanceOf(WriteResult.Committed.class);

        List<CompletableFuture<ClaimResult>> results = new ArrayList<>();
        for (String id : List.of("taken", "deleted", "finished", "free", "never-submitted")) {
            results.add(n1.coordinator().claim(id));
        }
        assertThat(reason(await(results.get(0)))).contains("claimed by n2").contains("fence " + taken.fence());
        assertThat(reason(await(results.get(1)))).contains("no such task");
        assertThat(reason(await(results.get(2)))).contains("finished");
        assertThat(await(results.get(3))).isInstanceOfSatisfying(ClaimResult.Claimed.class,
                c -> assertThat(c.claim().fence()).isEqualTo(t.get(keys.claim("free")).getCreateRevision()));
        assertThat(reason(await(results.get(4)))).contains("no such task");
    }

    @Test
    void commandsSentWhileTheirTasksAreBeingClaimedAreEachDeliveredOneWayOrTheOther() throws Exception {
        EtcdTesting.Node n1 = t.start(ns, "n1", EtcdTesting.settings(), clientOfNode(0));
        EtcdTaskClient sender = t.client(ns);
        int count = 100;
        for (int i = 0; i < count; i++) {
            client.submit("r" + i, "contract", props("r" + i));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<List<String>> sent = pool.submit(() -> {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    ids.add(sender.command("r" + i, io.windlass.statemachine.Command.pause()));
                }
                return ids;
            });
            List<CompletableFuture<ClaimResult>> claims = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                claims.add(n1.coordinator().claim("r" + i));
            }
            List<String> commandIds = sent.get(EtcdTesting.TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            for (int i = 0; i < count; i++) {
                Claim c = ((ClaimResult.Claimed) await(claims.get(i))).claim();
                String id = "r" + i;
                String cmd = commandIds.get(i);
                EtcdTesting.awaitUntil("command of " + id, () -> c.pending().stream().anyMatch(x -> x.id().equals(cmd))
                        || n1.events().commands(id).stream().anyMatch(x -> x.id().equals(cmd)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String reason(ClaimResult r) {
        assertThat(r).isInstanceOf(ClaimResult.NotClaimed.class);
        return ((ClaimResult.NotClaimed) r).reason();
    }

    /** ROUNDS rounds of: all three nodes claim all tasks at once; the winners release. Returns round 1's fences. */
    private Set<Long> race(EtcdCoordinatorSettings settings) {
        List<EtcdTesting.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(t.start(ns, "n" + i, settings, clientOfNode(i)));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            ids.add("t" + i);
            client.submit("t" + i, "contract", props("t" + i));
        }
        Map<String, List<Long>> fences = new HashMap<>();
        Set<Long> firstRound = new HashSet<>();
        for (int round = 0; round < ROUNDS; round++) {
            Map<String, List<CompletableFuture<ClaimResult>>> results = new HashMap<>();
            for (int k = 0; k < TASKS; k++) {
                for (int n = 0; n < nodes.size(); n++) {
                    String id = ids.get((k + n * TASKS / 3) % TASKS);   // each node starts elsewhere in the list
                    results.computeIfAbsent(id, x -> new ArrayList<>()).add(nodes.get(n).coordinator().claim(id));
                }
            }
            List<CompletableFuture<Boolean>> releases = new ArrayList<>();
            for (String id : ids) {
                List<Claim> won = new ArrayList<>();
                for (CompletableFuture<ClaimResult> f : results.get(id)) {
                    ClaimResult r = await(f);
                    if (r instanceof ClaimResult.Claimed c) {
                        won.add(c.claim());
                    } else {
                        assertThat(((ClaimResult.NotClaimed) r).reason()).as(id).contains("claimed by n");
                    }
                }
                assertThat(won).as("round %d: claims of %s", round, id).hasSize(1);
                Claim c = won.get(0);
                io.etcd.jetcd.KeyValue stored = t.get(keys.claim(id));
                assertThat(c.fence()).as("fence of %s", id).isEqualTo(stored.getCreateRevision());
                fences.computeIfAbsent(id, x -> new ArrayList<>()).add(c.fence());
                if (round == 0) {
                    firstRound.add(c.fence());
                }
                String owner = VALUES.claimNode(stored.getValue().getBytes());
                EtcdTesting.Node holder = nodes.stream().filter(x -> x.id().equals(owner)).findFirst().orElseThrow();
                releases.add(holder.coordinator().release(id, c.fence()));
            }
            releases.forEach(f -> assertThat(await(f)).isTrue());
        }
        fences.forEach((id, list) -> assertThat(list).as("fences of %s", id).isSorted().doesNotHaveDuplicates()
                .hasSize(ROUNDS));
        return firstRound;
    }
}
