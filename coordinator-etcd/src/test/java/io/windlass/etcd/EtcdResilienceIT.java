package io.windlass.etcd;

import static io.windlass.etcd.EtcdTesting.await;
import static io.windlass.etcd.EtcdTesting.awaitUntil;
import static io.windlass.etcd.EtcdTesting.claim;
import static io.windlass.etcd.EtcdTesting.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.Client;
import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.testing.etcd.EtcdExtension;
import io.windlass.launcher.FaultProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Watch and lease resilience, and history, on a real etcd of its own per test (restarts and compaction). */
class EtcdResilienceIT {
    @RegisterExtension
    final EtcdExtension etcd = EtcdExtension.builder().build();
    private static final Instant BASE = Instant.parse("2100-01-01T00:00:00Z");

    private Client jetcd;
    private EtcdTesting t;
    private String ns;
    private EtcdTaskClient client;

    @BeforeEach
    void setUp() {
        jetcd = EtcdTesting.warm(EtcdClients.connect(etcd.endpoints().toArray(String[]::new)));
        t = new EtcdTesting(jetcd);
        ns = EtcdTesting.freshNamespace("res");
        client = t.client(ns);
    }

    @AfterEach
    void tearDown() {
        t.close();
        jetcd.close();
    }

    private static EtcdCoordinatorSettings tenSeconds() {
        return EtcdTesting.settings().withLeaseTtl(Duration.ofSeconds(10)).withRequestTimeout(Duration.ofSeconds(2));
    }

    @Test
    void compactionWhileTheWatchIsDownMeansReListAndNoCommandIsLost() {
        try (FaultProxy proxy = FaultProxy.start(etcd.endpoints().get(0));
                Client viaProxy = EtcdTesting.warm(EtcdClients.connect(proxy.endpoint()))) {
            EtcdTesting.Node n1 = t.start(ns, "n1", tenSeconds(), viaProxy);
            client.submit("t1", "contract", props("t1"));
            claim(n1, "t1");
            assertThat(n1.coordinator().isWatchSynced()).isTrue();

            proxy.cut();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sent.add(client.command("t1", Command.sleepUntil(BASE.plusSeconds(i))));
            }
            client.submit("t2", "contract", props("t2"));
            etcd.compact(etcd.currentRevision());
            proxy.heal();

            awaitUntil("all commands delivered after re-list", () -> n1.events().commands("t1").stream()
                    .map(TaskCommand::id).toList().containsAll(sent));
            awaitUntil("t2 offered after re-list", () -> n1.events().offered().contains("t2"));
            awaitUntil("the watch is synced again", () -> n1.coordinator().isWatchSynced());
            assertThat(n1.events().lost()).as("the lease survived the short cut").isEmpty();
            claim(n1, "t2");
        }
    }

    @Test
    void afterAnEtcdMemberRestartWatchAndKeepAliveRecover() {
        EtcdTesting.Node n1 = t.start(ns, "n1", tenSeconds(), jetcd);
        client.submit("t1", "contract", props("t1"));
        claim(n1, "t1");

        etcd.member(0).restart();

        awaitUntil("lease valid again", Duration.ofSeconds(20), () -> n1.coordinator().isLeaseValid());
        EtcdTaskClient after = t.client(ns);
        awaitUntil("etcd answers", Duration.ofSeconds(20), () -> {
            try {
                after.nodes();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
        after.submit("t2", "contract", props("t2"));
        String cmd = after.command("t1", Command.pause());
        awaitUntil("t2 offered through the recovered watch", Duration.ofSeconds(20),
                () -> n1.events().offered().contains("t2"));
        awaitUntil("command delivered", Duration.ofSeconds(20),
                () -> n1.events().commands("t1").stream().anyMatch(c -> c.id().equals(cmd)));
        claim(n1, "t2");
        long leaseBefore = n1.coordinator().leaseId();
        awaitUntil("keep-alive works: lease stays valid past one TTL", Duration.ofSeconds(25), () -> {
            long until = n1.coordinator().leaseValidUntilNanos();
            return n1.coordinator().isLeaseValid() && until - System.nanoTime() > Duration.ofSeconds(5).toNanos();
        });
        assertThat(n1.coordinator().leaseId()).isEqualTo(leaseBefore);
    }

    @Test
    void historyWalksBackThroughRevisionsAndSaysWhatCompactionRemoved() {
        EtcdTesting.Node n1 = t.start(ns, "n1");
        client.submit("t1", "contract", props("t1"));
        Claim c = claim(n1, "t1");
        StoredState s = c.state();
        for (int v = 1; v <= 3; v++) {
            WriteResult r = await(n1.coordinator().write(new StateWrite("t1", c.fence(), s.revision(),
                    new TaskState(StateCode.RUNNABLE, null, List.of(), null, v), List.of(), false, false)));
            s = ((WriteResult.Committed) r).state();
        }
        TaskHistory full = client.history("t1", 100);
        assertThat(full.truncated()).isFalse();
        assertThat(full.entries()).extracting(e -> e.state().state().version()).containsExactly(3L, 2L, 1L, 0L);
        assertThat(client.history("t1", 2).entries()).hasSize(2);

        etcd.compact(etcd.currentRevision());
        TaskHistory cut = client.history("t1", 100);
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.entries()).extracting(e -> e.state().state().version()).containsExactly(3L);
    }

    @Test
    void aSilentPartitionPassesTheLocalDeadlineFencesEveryTaskAndTheNodeRejoinsAfterHealing() {
        try (FaultProxy proxy = FaultProxy.start(etcd.endpoints().get(0));
                Client viaProxy = EtcdTesting.warm(EtcdClients.connect(proxy.endpoint()))) {
            EtcdTesting.Node n1 = t.start(ns, "n1", EtcdTesting.settings(), viaProxy);
            client.submit("a", "contract", props("a"));
            client.submit("b", "contract", props("b"));
            Claim a = claim(n1, "a");
            Claim b = claim(n1, "b");
            long lease = n1.coordinator().leaseId();

            proxy.blackhole();
            long cutAt = System.nanoTime();
            awaitUntil("both tasks fenced locally", () -> n1.events().lost().size() == 2);
            long fencedAfter = System.nanoTime() - cutAt;
            assertThat(n1.coordinator().isLeaseValid()).isFalse();
            assertThat(n1.events().lost()).extracting(io.windlass.testing.contract.RecordingListener.Lost::fence)
                    .containsExactlyInAnyOrder(a.fence(), b.fence());
            assertThatThrownBy(() -> n1.coordinator().claim("a").get(5, java.util.concurrent.TimeUnit.SECONDS))
                    .as("no new work without a valid lease: a retryable refusal, so the task is tried again later")
                    .hasMessageContaining("lease not valid now")
                    .cause().isInstanceOfSatisfying(io.windlass.statemachine.WindlassException.class,
                            e -> assertThat(e.retryable()).isTrue());
            // the server-side lease cannot have expired before the local deadline (granted TTL from send time)
            assertThat(fencedAfter).isLessThan(Duration.ofSeconds(8).toNanos());

            proxy.heal();
            awaitUntil("re-joined with a new lease and registered on it", Duration.ofSeconds(30),
                    () -> n1.coordinator().isRegistered() && n1.coordinator().leaseId() != lease);
            awaitUntil("a offered again", Duration.ofSeconds(30),
                    () -> n1.events().offered().stream().filter("a"::equals).count() >= 2);
            Claim again = claim(n1, "a");
            assertThat(again.fence()).isGreaterThan(a.fence());
        }
    }

    @Test
    void aClientCallThatGetsNoAnswerFailsWithUnavailableNamingTheEndpoint() {
        try (FaultProxy proxy = FaultProxy.start(etcd.endpoints().get(0));
                Client viaProxy = EtcdTesting.warm(EtcdClients.connect(proxy.endpoint()))) {
            EtcdTaskClient slow = EtcdTaskClient.create(viaProxy, ns, EtcdTesting.settings()
                    .withRequestTimeout(Duration.ofMillis(500)).withEndpoint(proxy.endpoint()));
            slow.submit("t1", "contract", props("t1"));
            proxy.blackhole();
            long start = System.nanoTime();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> slow.get("t1"))
                    .isInstanceOfSatisfying(io.windlass.statemachine.WindlassException.class, e -> {
                        assertThat(e.code()).isEqualTo(io.windlass.statemachine.ErrorCode.UNAVAILABLE);
                        assertThat(e.getMessage()).contains(proxy.endpoint());
                    });
            assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(3).toNanos());
            proxy.heal();
            slow.close();
        }
    }

    @Test
    void anIdleWatchIsKeptAliveByProgressAnswersAndASilentOneIsRecreated() {
        EtcdCoordinatorSettings quick = tenSeconds().withWatchSilence(Duration.ofMillis(800));
        try (FaultProxy proxy = FaultProxy.start(etcd.endpoints().get(0));
                Client viaProxy = EtcdTesting.warm(EtcdClients.connect(proxy.endpoint()))) {
            EtcdTesting.Node n1 = t.start(ns, "n1", quick, viaProxy);
            NamespaceWatches watch = ((DefaultEtcdCoordinator) n1.coordinator()).watch();
            awaitUntil("progress answers on an idle namespace", () -> watch.progressAnswers() >= 3);
            assertThat(watch.silentRecreations()).as("an idle but answering watch is not recreated").isZero();

            proxy.blackhole();
            awaitUntil("the silent watch is recreated", () -> watch.silentRecreations() >= 1);
            proxy.heal();
            client.submit("late", "contract", props("late"));
            awaitUntil("events flow again", Duration.ofSeconds(30), () -> n1.events().offered().contains("late"));
            assertThat(n1.events().lost()).isEmpty();
        }
    }

    @Test
    void aWriteWhoseOutcomeCannotBeLearntIsFailedRetryableAndItsRetryCommitsOnce() {
        EtcdCoordinatorSettings quick = tenSeconds().withRequestTimeout(Duration.ofMillis(800));
        try (FaultProxy proxy = FaultProxy.start(etcd.endpoints().get(0));
                Client viaProxy = EtcdTesting.warm(EtcdClients.connect(proxy.endpoint()))) {
            EtcdTesting.Node n1 = t.start(ns, "n1", quick, viaProxy);
            client.submit("t1", "contract", props("t1"));
            Claim c = claim(n1, "t1");
            StateWrite write = new StateWrite("t1", c.fence(), c.state().revision(),
                    new TaskState(StateCode.RUNNABLE, null, List.of(), null, 1), List.of(), false, false);

            proxy.blackhole();
            WriteResult unknown = await(n1.coordinator().write(write));
            assertThat(unknown).isInstanceOfSatisfying(WriteResult.Failed.class,
                    f -> assertThat(f.error().retryable()).isTrue());
            proxy.heal();

            awaitUntil("the retry commits", Duration.ofSeconds(30),
                    () -> await(n1.coordinator().write(write)) instanceof WriteResult.Committed);
            assertThat(client.get("t1").orElseThrow().state().state().version()).isEqualTo(1);
            assertThat(client.history("t1", 10).entries()).hasSize(2);
        }
    }
}
