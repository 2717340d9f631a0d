package io.windlass.etcd;

import static io.windlass.etcd.EtcdTesting.await;
import static io.windlass.etcd.EtcdTesting.awaitUntil;
import static io.windlass.etcd.EtcdTesting.props;
import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Txn;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.options.PutOption;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.statemachine.codec.WireCodec;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 2 on real etcd: a claim txn whose outcome is unknown is resolved for certain — no claim of this node
 * is ever left without a runner. The client under the coordinator is decorated so that the next txn commit answers
 * at once with a timeout while the real txn is sent to etcd {@code delay} later (still in flight after the failure,
 * e.g. proposed but not committed when the client gave up) or at once (applied, the answer lost).
 */
class AmbiguousClaimIT extends EtcdFixture {
    AmbiguousClaimIT() {
        super("ambiguous");
    }

    /** Makes the next {@code armed} txn commits ambiguous: fail at once, really commit {@code delayMillis} later. */
    private static final class LateCommits {
        final AtomicInteger armed = new AtomicInteger();
        volatile long delayMillis;
        final AtomicReference<CompletableFuture<TxnResponse>> late = new AtomicReference<>();

        Client wrap(Client real) {
            KV kv = proxy(KV.class, real.getKVClient(), (m, args, target) ->
                    m.getName().equals("txn") ? txn((Txn) m.invoke(target, args)) : m.invoke(target, args));
            return proxy(Client.class, real, (m, args, target) -> switch (m.getName()) {
                case "getKVClient" -> kv;
                case "close" -> null; // the shared client stays open
                default -> m.invoke(target, args);
            });
        }

        private Txn txn(Txn real) {
            Txn[] self = new Txn[1];
            self[0] = proxy(Txn.class, real, (m, args, target) -> {
                if (!m.getName().equals("commit")) {
                    m.invoke(target, args);
                    return self[0];
                }
                if (armed.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
                    return m.invoke(target, args);
                }
                CompletableFuture<TxnResponse> sent = new CompletableFuture<>();
                late.set(sent);
                CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS).execute(() ->
                        real.commit().whenComplete((r, t) -> {
                            if (t != null) {
                                sent.completeExceptionally(t);
                            } else {
                                sent.complete(r);
                            }
                        }));
                return CompletableFuture.failedFuture(new TimeoutException("test: answer lost"));
            });
            return self[0];
        }
    }

    interface Call {
        Object call(java.lang.reflect.Method m, Object[] args, Object target) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Call call) {
        InvocationHandler h = (p, m, args) -> {
            try {
                return call.call(m, args, target);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(AmbiguousClaimIT.class.getClassLoader(), new Class<?>[] {type}, h);
    }

    /**
     * The unknown claim lands AFTER the client gave up (and after the old single read would have found nothing):
     * the claim is re-sent until its outcome is known; it wins, and the late txn then fails its guard. Before the
     * fix: NotClaimed, then the late claim lands with no runner (an orphan until the lease ends).
     */
    @Test
    void aClaimThatLandsAfterTheClientGaveUpLeavesNoOrphan() {
        LateCommits faults = new LateCommits();
        EtcdTesting.Node n = t.start(ns, "n1", EtcdTesting.settings(), faults.wrap(ETCD.client()));
        client.submit("t1", "contract", props("t1"));
        faults.delayMillis = 400;
        faults.armed.set(1);
        ClaimResult r = await(n.coordinator().claim("t1"));
        TxnResponse late = await(faults.late.get());
        assertThat(late.isSucceeded()).as("the late claim txn finds the task claimed").isFalse();
        assertThat(r).isInstanceOf(ClaimResult.Claimed.class);
        long fence = ((ClaimResult.Claimed) r).claim().fence();
        KeyValue stored = t.get(keys.claim("t1"));
        assertThat(stored).isNotNull();
        assertThat(stored.getCreateRevision()).as("the stored claim is the one reported").isEqualTo(fence);
    }

    /** The unknown claim was applied and only its answer lost: it is found on this lease, released, NotClaimed. */
    @Test
    void aClaimAppliedWithItsAnswerLostIsReleased() {
        LateCommits faults = new LateCommits();
        EtcdTesting.Node n = t.start(ns, "n1", EtcdTesting.settings(), faults.wrap(ETCD.client()));
        client.submit("t1", "contract", props("t1"));
        faults.delayMillis = 0;
        faults.armed.set(1);
        ClaimResult r = await(n.coordinator().claim("t1"));
        assertThat(await(faults.late.get()).isSucceeded()).as("the txn whose answer was lost landed").isTrue();
        assertThat(r).isInstanceOf(ClaimResult.NotClaimed.class);
        assertThat(((ClaimResult.NotClaimed) r).reason()).contains("landed and was released");
        assertThat(t.get(keys.claim("t1"))).as("no claim without a runner").isNull();
        EtcdTesting.claim(n, "t1"); // claimable again
    }

    /** The re-list releases only orphans on this process's own lease, never a claim with its name on another lease. */
    @Test
    void theReListReleasesOnlyOrphansOnTheOwnLease() {
        EtcdTesting.Node n = t.start(ns, "n1");
        DefaultEtcdCoordinator c = (DefaultEtcdCoordinator) n.coordinator();
        client.submit("mine", "contract", props("mine"));
        client.submit("twin", "contract", props("twin"));
        long other = await(ETCD.client().getLeaseClient().grant(60)).getID(); // e.g. a twin process of the same id
        Values values = new Values(WireCodec.standard());
        putClaim(keys.claim("mine"), values.encodeClaim("n1", c.leaseId()), c.leaseId());
        putClaim(keys.claim("twin"), values.encodeClaim("n1", other), other);
        c.resyncForTests();
        awaitUntil("the orphan on the own lease released", Duration.ofSeconds(30),
                () -> t.get(keys.claim("mine")) == null);
        assertThat(t.get(keys.claim("twin"))).as("the claim on another lease is left alone").isNotNull();
        await(ETCD.client().getLeaseClient().revoke(other));
    }

    private void putClaim(ByteSequence key, byte[] value, long lease) {
        await(ETCD.client().getKVClient().put(key, ByteSequence.from(value),
                PutOption.builder().withLeaseId(lease).build()));
    }
}
