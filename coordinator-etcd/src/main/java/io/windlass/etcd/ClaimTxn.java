package io.windlass.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.codec.DecodeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Claim and release txns. Claim: {@code If(CreateRevision(claim)==0 AND CreateRevision(task)>0 AND
 * CreateRevision(done)==0) Then Put(claim, {node, lease}, lease), Get(task), Get(state), Get(commands/<id>/ by create
 * revision)}; the fence is the txn's revision (= the claim's create revision). A claimed task whose record or state
 * is undecodable, absent or terminal is released again at once (fenced) and reported NotClaimed. A claim txn whose
 * outcome is unknown (timeout) is resolved by reading the claim: if it is ours it is released, and NotClaimed.
 * Results complete on the coordinator's events thread (never on jetcd's threads), in order with listener events.
 */
final class ClaimTxn {
    private final KV kv;
    private final Keys keys;
    private final Values values;
    private final EtcdCalls calls;
    private final String node;
    private final Ownership owned;
    private final EventRouter router;
    private final Executor events;

    ClaimTxn(KV kv, Keys keys, Values values, EtcdCalls calls, String node, Ownership owned, EventRouter router,
             Executor events) {
        this.kv = kv;
        this.keys = keys;
        this.values = values;
        this.calls = calls;
        this.node = node;
        this.owned = owned;
        this.router = router;
        this.events = events;
    }

    CompletableFuture<ClaimResult> claim(String id, long lease) {
        TaskRecord.requireValidId(id);
        ByteSequence claim = keys.claim(id);
        GetOption byCreate = GetOption.builder().isPrefix(true).withSortField(GetOption.SortTarget.CREATE)
                .withSortOrder(GetOption.SortOrder.ASCEND).build();
        CompletableFuture<TxnResponse> sent = kv.txn()
                .If(new Cmp(claim, Cmp.Op.EQUAL, CmpTarget.createRevision(0)),
                        new Cmp(keys.task(id), Cmp.Op.GREATER, CmpTarget.createRevision(0)),
                        new Cmp(keys.done(id), Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(claim, ByteSequence.from(values.encodeClaim(node, lease)),
                                PutOption.builder().withLeaseId(lease).build()),
                        Op.get(keys.task(id), GetOption.DEFAULT), Op.get(keys.state(id), GetOption.DEFAULT),
                        Op.get(keys.commandsOf(id), byCreate))
                .Else(Op.get(claim, GetOption.DEFAULT), Op.get(keys.task(id), GetOption.DEFAULT),
                        Op.get(keys.done(id), GetOption.DEFAULT))
                .commit();
        CompletableFuture<ClaimResult> out = new CompletableFuture<>();
        calls.bounded(sent).whenCompleteAsync((r, t) -> {
            if (t != null) {
                resolveUnknown(id, lease, t, out);
            } else if (r.isSucceeded()) {
                claimed(id, r, out);
            } else {
                out.complete(new ClaimResult.NotClaimed(id, whyNot(r.getGetResponses())));
            }
        }, events);
        return out;
    }

    private void claimed(String id, TxnResponse r, CompletableFuture<ClaimResult> out) {
        long fence = r.getHeader().getRevision();
        List<GetResponse> gets = r.getGetResponses();
        String problem = null;
        TaskRecord task = null;
        StoredState state = null;
        try {
            task = values.decodeTask(only(gets.get(0)).getValue().getBytes());
            KeyValue stateKv = only(gets.get(1));
            if (stateKv == null) {
                problem = "task has no state";
            } else {
                state = values.decodeState(stateKv.getValue().getBytes(), stateKv.getModRevision());
                if (state.state().code().terminal()) {
                    problem = "task is finished (" + state.state().code() + ")";
                }
            }
        } catch (DecodeException e) {
            problem = "quarantined: " + e.getMessage();
        }
        if (problem != null) {
            String why = problem;
            release(id, fence).whenComplete((ok, t) -> out.complete(new ClaimResult.NotClaimed(id, why)));
            return;
        }
        List<TaskCommand> pending = new ArrayList<>();
        for (KeyValue c : gets.get(2).getKvs()) {
            try {
                pending.add(values.decodeCommand(c.getValue().getBytes()));
            } catch (DecodeException e) {
                router.quarantineCommand(id, c, e.getMessage());
            }
        }
        owned.claimed(id, fence);
        out.complete(new ClaimResult.Claimed(new Claim(task, fence, state, pending)));
        // after the claim is delivered: commands stored after the claim that the watch passed by before ownership
        router.catchUp(id, fence);
    }

    private String whyNot(List<GetResponse> gets) {
        KeyValue claim = only(gets.get(0));
        if (only(gets.get(2)) != null) {
            return "finished";
        }
        if (only(gets.get(1)) == null) {
            return "no such task";
        }
        if (claim != null) {
            return "claimed by " + values.claimNode(claim.getValue().getBytes()) + " (fence "
                    + claim.getCreateRevision() + ")";
        }
        return "not claimable";
    }

    private void resolveUnknown(String id, long lease, Throwable failure, CompletableFuture<ClaimResult> out) {
        calls.bounded(kv.get(keys.claim(id))).whenComplete((r, t) -> {
            if (t != null) {
                out.completeExceptionally(calls.map(failure, "claim " + id));
                return;
            }
            KeyValue claim = only(r);
            if (claim != null && claim.getLease() == lease) {
                release(id, claim.getCreateRevision()).whenComplete((ok, e) ->
                        out.complete(new ClaimResult.NotClaimed(id, "claim outcome was unknown; released")));
            } else {
                out.complete(new ClaimResult.NotClaimed(id,
                        "claim failed: " + calls.map(failure, "claim").getMessage()));
            }
        });
    }

    /** Fenced delete of the claim; false if the claim is not held with {@code fence} any more. */
    CompletableFuture<Boolean> release(String id, long fence) {
        CompletableFuture<Boolean> out = new CompletableFuture<>();
        owned.releasing(id, fence);
        calls.bounded(kv.txn()
                        .If(new Cmp(keys.claim(id), Cmp.Op.EQUAL, CmpTarget.createRevision(fence)))
                        .Then(Op.delete(keys.claim(id), DeleteOption.DEFAULT)).commit())
                .whenCompleteAsync((r, t) -> {
                    if (t != null) {
                        owned.releaseAborted(id, fence);
                        out.completeExceptionally(calls.map(t, "release " + id));
                    } else {
                        owned.remove(id, fence);
                        out.complete(r.isSucceeded());
                    }
                }, events);
        return out;
    }

    private static KeyValue only(GetResponse r) {
        return r.getKvs().isEmpty() ? null : r.getKvs().get(0);
    }
}
