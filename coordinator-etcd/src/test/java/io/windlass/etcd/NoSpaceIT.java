package io.windlass.etcd;

import static io.windlass.etcd.EtcdTesting.await;
import static io.windlass.etcd.EtcdTesting.claim;
import static io.windlass.etcd.EtcdTesting.props;
import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.DeleteOption;
import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * etcd's NOSPACE alarm stops group-committed writes too: etcd 3.4 checks its quota on a txn's top-level puts only,
 * so the committer adds a top-level marker put to every batch with puts. While the alarm is active every fenced
 * write — lone (flat txn) or batched (nested txns) — fails visibly with retryable NO_SPACE and stores nothing, and
 * claims are refused; after compact + defragment + disarm the same writes commit.
 */
class NoSpaceIT {
    @RegisterExtension
    static final EtcdWithClient ETCD = new EtcdWithClient(EtcdExtension.builder().quotaBackendBytes(1024 * 1024)
            .build());
    private static final int TASKS = 6;

    @Test
    void whileNoSpaceIsActiveBatchedWritesAndClaimsFailVisiblyAndStoreNothing() throws Exception {
        String ns = EtcdTesting.freshNamespace("nospace");
        Keys keys = new Keys(ns);
        try (EtcdTesting t = new EtcdTesting(ETCD.client())) {
            EtcdTaskClient client = t.client(ns);
            // one batch in flight at a time: the writes after the first ride one nested batch
            EtcdTesting.Node n1 = t.start(ns, "n1",
                    EtcdTesting.settings().withBatching(64, Duration.ofMillis(50), 1), ETCD.client());
            List<Claim> claims = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                client.submit("t" + i, "contract", props("t" + i));
                claims.add(claim(n1, "t" + i));
            }
            client.submit("late", "contract", props("late"));
            client.submit("late2", "contract", props("late2"));
            fill();
            assertThat(ETCD.etcd().alarms()).anyMatch(a -> a.startsWith("NOSPACE"));
            long revisionBefore = ETCD.etcd().currentRevision();

            List<WriteResult> during = writeAll(n1, claims);
            assertThat(during).as("every write, lone or batched, fails with NO_SPACE").allSatisfy(r ->
                    assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
                        assertThat(f.error().code()).isEqualTo(ErrorCode.NO_SPACE);
                        assertThat(f.error().retryable()).isTrue();
                    }));
            List<CompletableFuture<ClaimResult>> lateClaims = List.of(n1.coordinator().claim("late"),
                    n1.coordinator().claim("late2"));
            for (CompletableFuture<ClaimResult> c : lateClaims) {
                assertThat(await(c)).isInstanceOf(ClaimResult.NotClaimed.class);
            }
            assertThat(t.get(keys.claim("late"))).isNull();
            assertThat(t.get(keys.claim("late2"))).isNull();
            for (Claim c : claims) {
                assertThat(t.get(keys.state(c.task().id())).getModRevision()).as("state of " + c.task().id())
                        .isEqualTo(c.state().revision());
            }
            assertThat(ETCD.etcd().currentRevision()).as("nothing stored while NOSPACE")
                    .isEqualTo(revisionBefore);

            free();
            List<WriteResult> after = writeAll(n1, claims);
            assertThat(after).allMatch(r -> r instanceof WriteResult.Committed);
            assertThat(t.get(keys.committer("n1"))).as("the batch carried the quota marker").isNotNull();
            assertThat(await(n1.coordinator().claim("late"))).isInstanceOf(ClaimResult.Claimed.class);
        }
    }

    private static List<WriteResult> writeAll(EtcdTesting.Node n, List<Claim> claims) {
        List<CompletableFuture<WriteResult>> sent = new ArrayList<>();
        for (Claim c : claims) {
            TaskState next = new TaskState(StateCode.RUNNABLE, null, List.of(), null, 2);
            sent.add(n.coordinator().write(new StateWrite(c.task().id(), c.fence(), c.state().revision(), next,
                    List.of(), false, false)));
        }
        return sent.stream().map(EtcdTesting::await).toList();
    }

    /** Junk puts outside the namespace until etcd refuses one for lack of space (NOSPACE raised). */
    private static void fill() throws Exception {
        byte[] junk = new byte[128 * 1024];
        Arrays.fill(junk, (byte) 'x');
        for (int i = 0; i < 100; i++) {
            try {
                ETCD.client().getKVClient().put(EtcdTesting.bytes("/junk/" + i), ByteSequence.from(junk))
                        .get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause().getMessage()).contains("space");
                return;
            }
        }
        throw new AssertionError("etcd never ran out of space");
    }

    private static void free() throws Exception {
        ETCD.client().getKVClient().delete(EtcdTesting.bytes("/junk/"),
                DeleteOption.builder().isPrefix(true).build()).get(10, TimeUnit.SECONDS);
        ETCD.etcd().compact(ETCD.etcd().currentRevision());
        ETCD.etcd().defragment();
        ETCD.etcd().disarmAlarms();
        assertThat(ETCD.etcd().alarms()).isEmpty();
    }
}
