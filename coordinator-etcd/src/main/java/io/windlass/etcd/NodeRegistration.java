package io.windlass.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * This process's registration {@code /<ns>/nodes/<node>}, fenced like a claim: it is created only where no live
 * registration exists ({@code CreateRevision == 0}), and every later change (the draining flag, moving it to a new
 * lease on re-join, the delete on shutdown) is guarded on {@code CreateRevision == } the revision that created
 * <em>this process's</em> registration. So a second process with the same node id is refused while the first one's
 * lease lives ({@link ErrorCode#NODE_ID_TAKEN}, naming the id and the holder), and neither can overwrite or delete
 * the other's registration: never two live processes under one id.
 *
 * <p>An unknown outcome (the create's answer lost, then a retry finds the key) is resolved by the key's lease: a
 * registration on this process's own lease is this process's. Thread-safe; every call is asynchronous and bounded
 * by the request timeout.
 */
final class NodeRegistration {
    private final KV kv;
    private final Keys keys;
    private final Values values;
    private final EtcdCalls calls;
    private final String node;
    private final String host;
    private final Instant startedAt;
    private final Set<String> handlerTypes;
    /** The create revision of this process's registration, 0 before the first one. */
    private volatile long ownRevision;
    /** The lease the registration lives on now; 0 while not registered (before join, after a lease loss). */
    private volatile long registeredLease;

    NodeRegistration(KV kv, Keys keys, Values values, EtcdCalls calls, String node, String host, Instant startedAt,
                     Set<String> handlerTypes) {
        this.kv = kv;
        this.keys = keys;
        this.values = values;
        this.calls = calls;
        this.node = node;
        this.host = host;
        this.startedAt = startedAt;
        this.handlerTypes = Set.copyOf(handlerTypes);
    }

    /** True while this process's registration lives on {@code lease}. */
    boolean holds(long lease) {
        return lease != 0 && registeredLease == lease;
    }

    /** The lease was lost: the registration on it is gone (or about to be) and no longer counts. */
    void leaseLost() {
        registeredLease = 0;
    }

    /**
     * Registers on {@code lease}: creates the key where none exists, or moves this process's own earlier
     * registration (a lost lease's, not yet expired) onto it. Fails with NODE_ID_TAKEN when another live process
     * holds the id.
     */
    CompletableFuture<Void> register(long lease, boolean draining) {
        ByteSequence key = keys.node(node);
        return txn(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)), put(lease, draining), key)
                .thenCompose(r -> {
                    if (r.isSucceeded()) {
                        ownRevision = r.getHeader().getRevision();
                        registeredLease = lease;
                        return CompletableFuture.completedFuture(null);
                    }
                    List<KeyValue> kvs = r.getGetResponses().get(0).getKvs();
                    if (kvs.isEmpty()) {
                        return register(lease, draining); // deleted meanwhile: create again
                    }
                    KeyValue holder = kvs.get(0);
                    if (holder.getLease() == lease
                            || (ownRevision != 0 && holder.getCreateRevision() == ownRevision)) {
                        ownRevision = holder.getCreateRevision();
                        return update(lease, draining); // ours: the earlier answer was lost, or a lost lease's
                    }
                    return CompletableFuture.failedFuture(taken(holder));
                });
    }

    /**
     * Rewrites this process's registration (the draining flag) on {@code lease}, guarded on its create revision.
     * Fails NODE_ID_TAKEN if the key now belongs to another process, UNAVAILABLE (retryable) while not registered.
     */
    CompletableFuture<Void> update(long lease, boolean draining) {
        long own = ownRevision;
        if (own == 0) {
            return CompletableFuture.failedFuture(new WindlassException(ErrorCode.UNAVAILABLE,
                    "node " + node + " is not registered right now (joining or re-joining)"));
        }
        ByteSequence key = keys.node(node);
        return txn(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(own)), put(lease, draining), key)
                .thenCompose(r -> {
                    if (r.isSucceeded()) {
                        registeredLease = lease;
                        return CompletableFuture.completedFuture(null);
                    }
                    List<KeyValue> kvs = r.getGetResponses().get(0).getKvs();
                    if (kvs.isEmpty()) {
                        return register(lease, draining); // expired meanwhile: create it again
                    }
                    return CompletableFuture.failedFuture(taken(kvs.get(0)));
                });
    }

    /** Deletes this process's registration only (guarded); a registration of another process stays. */
    CompletableFuture<Boolean> unregister() {
        long own = ownRevision;
        registeredLease = 0;
        if (own == 0) {
            return CompletableFuture.completedFuture(false);
        }
        ByteSequence key = keys.node(node);
        return txn(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(own)), Op.delete(key, DeleteOption.DEFAULT), key).thenApply(TxnResponse::isSucceeded);
    }

    private Op put(long lease, boolean draining) {
        byte[] value = values.encodeNode(node, host, startedAt, draining, handlerTypes);
        return Op.put(keys.node(node), ByteSequence.from(value), PutOption.builder().withLeaseId(lease).build());
    }

    private CompletableFuture<TxnResponse> txn(Cmp guard, Op then, ByteSequence key) {
        return calls.bounded(kv.txn().If(guard).Then(then).Else(Op.get(key, GetOption.DEFAULT)).commit())
                .exceptionallyCompose(t -> CompletableFuture.failedFuture(calls.map(t, "register node " + node)));
    }

    private WindlassException taken(KeyValue holder) {
        String who;
        try {
            NodeInfo n = values.decodeNode(holder.getValue().getBytes(), 0);
            who = "host " + n.host() + ", started " + n.started();
        } catch (WindlassException e) {
            who = "undecodable registration";
        }
        return new WindlassException(ErrorCode.NODE_ID_TAKEN, "node id '" + node + "' is held by another live process ("
                + who + ", lease " + Long.toHexString(holder.getLease()) + ") in " + keys.rootString()
                + ": stop it or wait for its lease to end (worker: --wait-for-node-id)");
    }
}
