package io.windlass.etcd;

import static io.windlass.etcd.EtcdTesting.await;
import static io.windlass.etcd.EtcdTesting.awaitUntil;
import static io.windlass.etcd.EtcdTesting.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.KeyValue;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 items 3 and 4 on real etcd: the keep-alive has a path nothing blocks, and one node id is held by at most
 * one live process (create-only registration, guarded rewrite and delete).
 */
class NodeLifecycleIT extends EtcdFixture {
    NodeLifecycleIT() {
        super("life");
    }

    /** Item 4: a call blocking the coordinator's shared scheduler for longer than the TTL costs no lease. */
    @Test
    void aBlockedSharedSchedulerDoesNotStarveTheKeepAlive() throws InterruptedException {
        EtcdTesting.Node n = t.start(ns, "n1", EtcdTesting.settings().withLeaseTtl(Duration.ofSeconds(2)),
                ETCD.client());
        DefaultEtcdCoordinator c = (DefaultEtcdCoordinator) n.coordinator();
        long lease = c.leaseId();
        long deadlineAtBlock = c.leaseValidUntilNanos();
        long ttlNanos = TimeUnit.SECONDS.toNanos(2);
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch unblock = new CountDownLatch(1);
        c.scheduler().execute(() -> { // like setDraining or the re-join grant used to, up to the request timeout
            blocked.countDown();
            try {
                unblock.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(blocked.await(30, TimeUnit.SECONDS)).isTrue();
            // a keep-alive sent after the lease's deadline at block time: the lease outlived the block by a full TTL
            awaitUntil("keep-alive renewed past the deadline while the scheduler is blocked", Duration.ofSeconds(30),
                    () -> c.leaseValidUntilNanos() - (deadlineAtBlock + ttlNanos) > 0);
            assertThat(c.isLeaseValid()).isTrue();
        } finally {
            unblock.countDown();
        }
        assertThat(c.leaseId()).as("the same lease").isEqualTo(lease);
        assertThat(n.events().lost()).isEmpty();
    }

    /** Item 3: a second process with a live id is refused, naming the id and the holder; the first keeps its key. */
    @Test
    void aSecondProcessWithALiveNodeIdIsRefusedNamingTheHolder() {
        EtcdTesting.Node first = t.start(ns, "twin");
        assertThatThrownBy(() -> t.start(ns, "twin"))
                .isInstanceOfSatisfying(WindlassException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NODE_ID_TAKEN))
                .hasMessageContaining("'twin'").hasMessageContaining("host ")
                .hasMessageContaining(Long.toHexString(first.coordinator().leaseId()));
        KeyValue key = t.get(keys.node("twin"));
        assertThat(key).isNotNull();
        assertThat(key.getLease()).isEqualTo(first.coordinator().leaseId());
    }

    /**
     * Item 3: a process whose lease was lost while a twin took its id stays out — it neither overwrites the twin's
     * registration on re-join nor deletes it on shutdown — and claims nothing meanwhile.
     */
    @Test
    void aProcessThatLostItsIdToATwinNeitherOverwritesNorDeletesTheTwinsRegistration() {
        EtcdCoordinatorSettings slowKeepAlive = EtcdTesting.settings().withLeaseTtl(Duration.ofSeconds(30));
        EtcdTesting.Node old = t.start(ns, "n1", slowKeepAlive, ETCD.client());
        long oldLease = old.coordinator().leaseId();
        client.submit("t1", "contract", props("t1"));
        await(ETCD.client().getLeaseClient().revoke(oldLease)); // like an expiry while the old process was paused
        EtcdTesting.Node twin = t.start(ns, "n1"); // the old one notices only at its next keep-alive (TTL/3)
        long twinLease = twin.coordinator().leaseId();

        Set<Long> leasesOfOld = new HashSet<>();
        awaitUntil("the old process tried to re-join twice", Duration.ofSeconds(60), () -> {
            long l = old.coordinator().leaseId();
            if (l != oldLease) {
                leasesOfOld.add(l);
            }
            return leasesOfOld.size() >= 2;
        });
        assertThat(t.get(keys.node("n1")).getLease()).as("the twin's registration stands").isEqualTo(twinLease);
        assertThatThrownBy(() -> old.coordinator().claim("t1").join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WindlassException.class);

        old.coordinator().close();
        assertThat(t.get(keys.node("n1"))).as("the old process's shutdown left the twin's key").isNotNull();
        assertThat(t.get(keys.node("n1")).getLease()).isEqualTo(twinLease);
        twin.coordinator().close();
        assertThat(t.get(keys.node("n1"))).as("the twin deleted its own key").isNull();
    }

    /**
     * Item 2: a claim on this node's lease that no runner holds (a claim txn that landed after its outcome was judged
     * unknown) is released, fenced, at the next re-list instead of keeping the task until the lease ends.
     */
    @Test
    void anOrphanClaimOfThisNodeIsReleasedAtTheNextReList() throws Exception {
        EtcdTesting.Node n = t.start(ns, "n1");
        DefaultEtcdCoordinator c = (DefaultEtcdCoordinator) n.coordinator();
        client.submit("t1", "contract", props("t1"));
        byte[] claim = new Values(io.windlass.statemachine.codec.WireCodec.standard()).encodeClaim("n1", c.leaseId());
        await(ETCD.client().getKVClient().put(keys.claim("t1"), io.etcd.jetcd.ByteSequence.from(claim),
                io.etcd.jetcd.options.PutOption.builder().withLeaseId(c.leaseId()).build())); // the late txn
        c.resyncForTests();
        awaitUntil("the orphan claim released", Duration.ofSeconds(30), () -> t.get(keys.claim("t1")) == null);
        assertThat(c.isLeaseValid()).isTrue();
        EtcdTesting.claim(n, "t1"); // claimable again, by this node too
    }
}
