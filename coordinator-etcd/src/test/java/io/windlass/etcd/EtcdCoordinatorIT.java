package io.windlass.etcd;

import static io.windlass.etcd.EtcdTesting.await;
import static io.windlass.etcd.EtcdTesting.awaitUntil;
import static io.windlass.etcd.EtcdTesting.claim;
import static io.windlass.etcd.EtcdTesting.props;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.client.TaskFilter;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.codec.WireCodec;
import io.windlass.testing.contract.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Coordinator-level integration scenarios of issue 5 on a real etcd (one etcd for the class). */
class EtcdCoordinatorIT extends EtcdFixture {
    private static final Instant BASE = Instant.parse("2100-01-01T00:00:00Z");
    private final Values values = new Values(WireCodec.standard());

    EtcdCoordinatorIT() {
        super("it");
    }

    @Test
    void aRawTaskKeyAppearingIsDiscovered() {
        EtcdTesting.Node n1 = t.start(ns, "n1");
        TaskRecord raw = new TaskRecord("raw1", "contract", props("raw"), BASE);
        t.put(keys.state("raw1"), values.encodeState(TaskState.initial(), "", 0, BASE));
        t.put(keys.task("raw1"), values.encodeTask(raw));
        awaitUntil("raw1 offered", () -> n1.events().offered().contains("raw1"));
        assertThat(claim(n1, "raw1").task()).isEqualTo(raw);
    }

    @Test
    void threeSubmittedTasksAreClaimedAndASecondCoordinatorsClaimFails() {
        EtcdTesting.Node n1 = t.start(ns, "n1");
        EtcdTesting.Node n2 = t.start(ns, "n2");
        for (String id : List.of("a", "b", "c")) {
            client.submit(id, "contract", props(id));
        }
        awaitUntil("3 offers", () -> n1.events().offered().containsAll(List.of("a", "b", "c")));
        for (String id : List.of("a", "b", "c")) {
            claim(n1, id);
            assertThat(await(n2.coordinator().claim(id))).isInstanceOf(ClaimResult.NotClaimed.class);
        }
        assertThat(client.list(new TaskFilter(null, "n1", null, 100))).extracting(TaskView::id)
                .containsExactly("a", "b", "c");
    }

    @Test
    void whenOneNodeClaimsATheOtherNodeIsToldTheTaskIsTakenAndTheClaimerIsNot() {
        EtcdTesting.Node n1 = t.start(ns, "n1");
        EtcdTesting.Node n2 = t.start(ns, "n2");
        client.submit("x", "contract", props("x"));
        awaitUntil("x offered to both", () -> n1.events().offered().contains("x")
                && n2.events().offered().contains("x"));
        claim(n1, "x");
        awaitUntil("n2 told x is taken", () -> !n2.events().taken().isEmpty());
        assertThat(n2.events().taken()).containsExactly(new RecordingListener.Taken("x", "n1"));
        client.submit("y", "contract", props("y")); // a later event: n1's watch has passed its own claim by now
        awaitUntil("y offered to n1", () -> n1.events().offered().contains("y"));
        assertThat(n1.events().taken()).as("own claims are no hint").isEmpty();
    }

    @Test
    void aTaskSubmittedBeforeTheNodeStartsIsOfferedAndClaimed() {
        client.submit("early", "contract", props("early"));
        EtcdTesting.Node n1 = t.start(ns, "n1");
        awaitUntil("early offered", () -> n1.events().offered().contains("early"));
        claim(n1, "early");
    }

    @Test
    void claimOfADeletedOrFinishedTaskFails() {
        EtcdTesting.Node n1 = t.start(ns, "n1");
        client.submit("gone", "contract", props("gone"));
        assertThat(client.delete("gone")).isTrue();
        assertThat(await(n1.coordinator().claim("gone"))).isInstanceOfSatisfying(ClaimResult.NotClaimed.class,
                r -> assertThat(r.reason()).contains("no such task"));

        client.submit("fin", "contract", props("fin"));
        Claim c = claim(n1, "fin");
        TaskState done = new TaskState(StateCode.COMPLETED, null, List.of(), null, 1);
        assertThat(await(n1.coordinator().write(new StateWrite("fin", c.fence(), c.state().revision(), done,
                List.of(), false, true)))).isInstanceOf(WriteResult.Committed.class);
        assertThat(await(n1.coordinator().claim("fin"))).isInstanceOfSatisfying(ClaimResult.NotClaimed.class,
                r -> assertThat(r.reason()).contains("finished"));
    }

    @Test
    void twoNamespacesOnOneEtcdAreIndependent() {
        String other = EtcdTesting.freshNamespace("other");
        EtcdTaskClient otherClient = t.client(other);
        EtcdTesting.Node a = t.start(ns, "n1");
        EtcdTesting.Node b = t.start(other, "n1");
        client.submit("t1", "contract", props("a"));
        otherClient.submit("t1", "contract", props("b"));
        awaitUntil("offers", () -> a.events().offered().contains("t1") && b.events().offered().contains("t1"));
        Claim ca = claim(a, "t1");
        Claim cb = claim(b, "t1");
        assertThat(ca.task().props().get("name").asText()).isEqualTo("a");
        assertThat(cb.task().props().get("name").asText()).isEqualTo("b");
        assertThat(client.delete("t1")).isTrue();
        assertThat(otherClient.get("t1")).isPresent();
        assertThat(otherClient.nodes()).hasSize(1);
    }

    @Test
    void commandsSentBeforeTheOwnerStartsAreAllDeliveredInOrder() {
        client.submit("t1", "contract", props("t1"));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            sent.add(client.command("t1", Command.sleepUntil(BASE.plusSeconds(i))));
        }
        EtcdTesting.Node n1 = t.start(ns, "n1");
        Claim c = claim(n1, "t1");
        assertThat(c.pending()).extracting(TaskCommand::id).containsExactlyElementsOf(sent);
        assertThat(c.pending()).extracting(TaskCommand::command).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 25).mapToObj(i -> Command.sleepUntil(BASE.plusSeconds(i)))
                        .toList());
    }

    @Test
    void aWriteAfterTheClaimWasDeletedUnderneathIsFenceLostAndTheOwnerIsTold() {
        EtcdTesting.Node n1 = t.start(ns, "n1");
        client.submit("t1", "contract", props("t1"));
        Claim c = claim(n1, "t1");
        t.delete(keys.claim("t1"));
        awaitUntil("claimLost", () -> n1.events().lost().contains(new RecordingListener.Lost("t1", c.fence())));
        TaskState next = new TaskState(StateCode.RUNNABLE, null, List.of(), null, 1);
        assertThat(await(n1.coordinator().write(new StateWrite("t1", c.fence(), c.state().revision(), next,
                List.of(), false, false)))).isInstanceOf(WriteResult.FenceLost.class);
        assertThat(client.get("t1").orElseThrow().state().state()).isEqualTo(TaskState.initial());
    }

    @Test
    void aRevokedLeaseFencesEveryTaskWithinOneKeepAlivePeriodAndTheNodeRejoins() {
        EtcdTesting.Node n1 = t.start(ns, "n1");
        List<Claim> claims = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            client.submit(id, "contract", props(id));
            claims.add(claim(n1, id));
        }
        long lease = n1.coordinator().leaseId();
        await(ETCD.client().getLeaseClient().revoke(lease));
        long revokedAt = System.nanoTime();
        awaitUntil("all three lost", () -> n1.events().lost().size() >= 3);
        assertThat(System.nanoTime() - revokedAt).as("within one keep-alive period (TTL/3 + slack)")
                .isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(3));
        assertThat(n1.events().lost()).extracting(RecordingListener.Lost::fence)
                .containsExactlyInAnyOrderElementsOf(claims.stream().map(Claim::fence).toList());
        awaitUntil("re-joined with a new lease", () -> n1.coordinator().leaseId() != lease
                && n1.coordinator().isRegistered() && client.nodes().size() == 1);
        awaitUntil("tasks offered again", () -> n1.events().offered().stream().filter("a"::equals).count() >= 2);
        claim(n1, "a");
    }

    @Test
    void theNodeKeyVanishesOnlyForTheNodeThatClosed() {
        EtcdTesting.Node n1 = t.start(ns, "n1");
        t.start(ns, "n2");
        assertThat(client.nodes()).hasSize(2);
        assertThat(n1.coordinator().isWatchSynced()).isTrue();
        n1.coordinator().close();
        assertThat(n1.coordinator().isWatchSynced()).as("closed").isFalse();
        assertThat(client.nodes()).extracting(io.windlass.consumer.spi.NodeInfo::nodeId).containsExactly("n2");
        assertThat(n1.coordinator().isLeaseValid()).isFalse();
    }

    @Test
    void malformedTaskStateAndCommandBytesAreQuarantinedWithRawBytesAndOthersKeepRunning() {
        EtcdTesting.Node n1 = t.start(ns, "n1");
        t.put(keys.task("badtask"), "{not json".getBytes(StandardCharsets.UTF_8));
        t.put(keys.state("badtask"), values.encodeState(TaskState.initial(), "", 0, BASE));
        client.submit("badstate", "contract", props("x"));
        t.put(keys.state("badstate"), "{\"state\":{\"code\":\"DANCING\"}}".getBytes(StandardCharsets.UTF_8));
        t.put(Keys.bytes("/" + ns + "/foreign/key"), "whatever".getBytes(StandardCharsets.UTF_8));
        client.submit("good", "contract", props("good"));
        Claim good = claim(n1, "good");
        String ok1 = client.command("good", Command.pause());
        t.put(keys.command("good", "zz-bad"), "garbage".getBytes(StandardCharsets.UTF_8));
        String ok2 = client.command("good", Command.run());

        awaitUntil("good commands arrive", () -> n1.events().commands("good").stream().map(TaskCommand::id)
                .toList().containsAll(List.of(ok1, ok2)));
        awaitUntil("bad command moved aside", () -> t.get(keys.quarantinedCommand("good", "zz-bad")) != null
                && t.get(keys.command("good", "zz-bad")) == null);
        assertThat(t.get(keys.quarantinedCommand("good", "zz-bad")).getValue().toString(StandardCharsets.UTF_8))
                .isEqualTo("garbage");
        assertThat(await(n1.coordinator().claim("badtask"))).isInstanceOf(ClaimResult.NotClaimed.class);
        assertThat(await(n1.coordinator().claim("badstate"))).isInstanceOf(ClaimResult.NotClaimed.class);
        assertThat(client.get("badtask").orElseThrow().owner()).as("released again").isNull();

        List<TaskView> all = client.list(TaskFilter.all());
        assertThat(all).extracting(TaskView::id).containsExactly("badstate", "badtask", "good");
        TaskView bt = all.get(1);
        assertThat(bt.quarantine()).isNotNull();
        assertThat(new String(bt.quarantine().raw(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(all.get(0).quarantine().raw()).asString(StandardCharsets.UTF_8).contains("DANCING");
        assertThat(all.get(2).quarantine()).as("good task shows its quarantined command").isNotNull();
        assertThat(n1.events().offered()).doesNotContain("badtask");
        assertThat(n1.events().offered()).as("offered once at submit, not again after its quarantine release")
                .containsOnlyOnce("badstate");
        assertThat(good.fence()).isPositive();
        assertThat(t.get(keys.task("badtask"))).as("nothing deleted").isNotNull();
    }

    @Test
    void whenALeaseWithManyClaimsGoesAwayTheOtherNodeIsOfferedEveryTaskOnce() {
        EtcdTesting.Node n1 = t.start(ns, "n1");
        EtcdTesting.Node n2 = t.start(ns, "n2");
        int count = Reconciler.BULK_CHECK + 10;
        for (int i = 0; i < count; i++) {
            client.submit("m" + i, "contract", props("m" + i));
            claim(n1, "m" + i);
        }
        n2.events().clear();
        n1.coordinator().close();
        awaitUntil("every task offered to n2", () -> n2.events().offered().size() >= count);
        assertThat(n2.events().offered()).doesNotHaveDuplicates().hasSize(count);
        claim(n2, "m0");
    }

    @Test
    void claimsReleasedOneByOneAreReadInBatchesAndEachTaskIsOfferedOnce() {
        EtcdTesting.Node n1 = t.start(ns, "n1");
        EtcdTesting.Node n2 = t.start(ns, "n2");
        // more than the batched reads in flight can take at once: later ids queue and are read in batches
        int count = Reconciler.CHECKS_IN_FLIGHT * Snapshot.MANY + 7;
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            client.submit("r" + i, "contract", props("r" + i));
            claims.add(claim(n1, "r" + i));
        }
        n2.events().clear();
        // every release its own txn, so n2's watch sees the freed claims in many responses
        List<CompletableFuture<Boolean>> released = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            released.add(n1.coordinator().release("r" + i, claims.get(i).fence()));
        }
        released.forEach(f -> assertThat(await(f)).isTrue());
        awaitUntil("every released task offered to n2", () -> n2.events().offered().size() >= count);
        assertThat(n2.events().offered()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, count).mapToObj(i -> "r" + i).toList());
        claim(n2, "r" + (count - 1));
    }

    @Test
    void anOversizedCommandIsRejectedAtSubmitTimeAndNothingIsStored() {
        client.submit("big", "contract", props("big"));
        // messages are cut at 4 KiB by TaskError; the unbounded 'type' field can still make a command huge
        String huge = "x".repeat(EtcdTaskClient.MAX_COMMAND_BYTES + 1);
        Command oversized = new Command.Error(new io.windlass.statemachine.TaskError(BASE, "m", huge));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.command("big", oversized))
                .isInstanceOfSatisfying(io.windlass.statemachine.WindlassException.class, e -> assertThat(e.code())
                        .isIn(io.windlass.statemachine.ErrorCode.PAYLOAD_TOO_LARGE,
                                io.windlass.statemachine.ErrorCode.INVALID_ARGUMENT));
        assertThat(client.get("big").orElseThrow().pending()).isEmpty();
        client.command("big", Command.error(BASE, "small"));
        assertThat(client.get("big").orElseThrow().pending()).hasSize(1);
    }
}
