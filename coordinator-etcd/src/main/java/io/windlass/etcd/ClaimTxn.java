package io.windlass.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
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
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.codec.DecodeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * Claim and release txns. A claim (and a release) is one nested txn in the node's group {@link Committer} batch (with
 * {@code batchMaxWrites = 1}: one flat txn per claim, the benchmark baseline):
 * {@code If(CreateRevision(claim)==0 AND CreateRevision(task)>0 AND CreateRevision(done)==0)
 * Then Put(claim, {node, lease}, lease), Get(task), Get(state), Get(commands/<id>/ by create revision, limit
 * }{@value #COMMANDS_IN_CLAIM}{@code ) Else Get(claim), Get(task), Get(done)}. Each claim learns its own outcome from
 * its nested response; the Else reads say why it was not claimed (claimed by whom, deleted, finished).
 *
 * <p>Fence: the claim key's create revision, which is the revision of the (outer) txn that created it — shared by
 * every claim and write of that batch, but unique per task and strictly increasing across release and re-claim of
 * the same task (every claim of a task creates its claim key anew in a later txn).
 *
 * <p>Response size: the claim txn reads at most {@value #COMMANDS_IN_CLAIM} pending commands (≤ 64 KiB each), so a
 * batch of 64 claims answers well under the 64 MiB inbound limit of {@link EtcdClients#connect}; a task with more
 * pending commands gets the rest (created before the claim) by one more read before its claim is reported.
 *
 * <p>A claimed task whose record or state is undecodable, absent or terminal is released again at once (fenced) and
 * reported NotClaimed. A claim whose outcome is unknown (batch failed or timed out) is resolved for certain by
 * re-sending it until answered while the lease lives ({@link #resolveUnknown}): won, or — if the unknown one landed —
 * released (fenced) and NotClaimed; never a claim left without a runner. Results complete on the coordinator's
 * events thread (never on jetcd's or the committer's thread), in order with listener events: a won claim records
 * the ownership and completes its future BEFORE the commands the watch delivered meanwhile ({@link ClaimsOnTheWay})
 * are handed to the listener, and every answer (won, not won, failed) ends the claim's entry there — the
 * {@link io.windlass.consumer.spi.Coordinator#claim} contract.
 */
final class ClaimTxn {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClaimTxn.class);
    /** Pending commands read inside the claim txn; more are read separately (bounds a batch's response size). */
    static final int COMMANDS_IN_CLAIM = 8;

    private final KV kv;
    private final Keys keys;
    private final Values values;
    private final Committer committer;
    private final EtcdCalls calls;
    private final String node;
    private final Ownership owned;
    private final EventRouter router;
    private final Executor events;
    /** True while the given lease is this node's current, locally valid lease. */
    private final LongPredicate leaseAlive;

    ClaimTxn(KV kv, Keys keys, Values values, Committer committer, EtcdCalls calls, String node, Ownership owned,
             EventRouter router, Executor events, LongPredicate leaseAlive) {
        this.kv = kv;
        this.keys = keys;
        this.values = values;
        this.committer = committer;
        this.calls = calls;
        this.node = node;
        this.owned = owned;
        this.router = router;
        this.events = events;
        this.leaseAlive = leaseAlive;
    }

    CompletableFuture<ClaimResult> claim(String id, long lease) {
        TaskRecord.requireValidId(id);
        CompletableFuture<ClaimResult> out = new CompletableFuture<>();
        events.execute(() -> router.claimSent(id)); // before the txn: see ClaimsOnTheWay
        send(id, lease, 0, null, out);
        return out;
    }

    /**
     * Sends the claim txn; {@code attempt} &gt; 0 re-sends it to resolve an earlier attempt whose outcome is unknown
     * ({@code unknown} is that attempt's failure). The re-sent txn is a write, so etcd orders it after the earlier
     * one: either it wins (the earlier one did not land and now cannot: its guard fails on the existing claim), or its
     * Else shows the earlier one's claim on this lease (it landed: released, fenced), or someone else's.
     */
    private void send(String id, long lease, int attempt, Throwable unknown, CompletableFuture<ClaimResult> out) {
        ByteSequence claim = keys.claim(id);
        byte[] value = values.encodeClaim(node, lease);
        Cmp[] guards = {new Cmp(claim, Cmp.Op.EQUAL, CmpTarget.createRevision(0)),
            new Cmp(keys.task(id), Cmp.Op.GREATER, CmpTarget.createRevision(0)),
            new Cmp(keys.done(id), Cmp.Op.EQUAL, CmpTarget.createRevision(0))};
        Op[] then = {Op.put(claim, ByteSequence.from(value), PutOption.builder().withLeaseId(lease).build()),
            Op.get(keys.task(id), GetOption.DEFAULT), Op.get(keys.state(id), GetOption.DEFAULT),
            Op.get(keys.commandsOf(id), commands(COMMANDS_IN_CLAIM, 0))};
        Op[] orElse = {Op.get(claim, GetOption.DEFAULT), Op.get(keys.task(id), GetOption.DEFAULT),
            Op.get(keys.done(id), GetOption.DEFAULT)};
        int bytes = 4 * claim.size() + value.length + 64;
        committer.submit(id, guards, then, orElse, bytes).whenCompleteAsync((o, t) -> {
            if (t != null && answered(t)) {
                readBack(id, lease, t, out);
            } else if (t != null) {
                resolveUnknown(id, lease, attempt + 1, t, out);
            } else if (o.txn().isSucceeded()) {
                claimed(id, o.txn().getGetResponses(), o.revision(), out);
            } else if (attempt > 0) {
                resolved(id, lease, o.txn().getGetResponses(), unknown, out);
            } else {
                notClaimed(id, whyNot(o.txn().getGetResponses()), out);
            }
        }, events);
    }

    /** Commands of a task by create revision; {@code limit} 0 = all; {@code maxCreate} 0 = no upper bound. */
    private static GetOption commands(int limit, long maxCreate) {
        GetOption.Builder b = GetOption.builder().isPrefix(true).withSortField(GetOption.SortTarget.CREATE)
                .withSortOrder(GetOption.SortOrder.ASCEND).withLimit(limit);
        if (maxCreate > 0) {
            b.withMaxCreateRevision(maxCreate);
        }
        return b.build();
    }

    private void claimed(String id, List<GetResponse> gets, long fence, CompletableFuture<ClaimResult> out) {
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
            releaseNotClaimed(id, fence, problem, out);
            return;
        }
        Claimed claimed = new Claimed(task, state);
        if (!gets.get(2).isMore()) {
            deliver(id, fence, claimed, gets.get(2).getKvs(), out);
            return;
        }
        // more pending commands than the claim txn read: all of them up to the claim, in one more read
        calls.bounded(kv.get(keys.commandsOf(id), commands(0, fence)), "claim_read").whenCompleteAsync((r, t) -> {
            if (t != null) {
                releaseNotClaimed(id, fence, "pending commands could not be read: "
                        + calls.map(t, "read commands of " + id).getMessage(), out);
            } else {
                deliver(id, fence, claimed, r.getKvs(), out);
            }
        }, events);
    }

    private record Claimed(TaskRecord task, StoredState state) {
    }

    private void deliver(String id, long fence, Claimed c, List<KeyValue> commands,
                         CompletableFuture<ClaimResult> out) {
        List<TaskCommand> pending = new ArrayList<>(commands.size());
        for (KeyValue kv : commands) {
            try {
                pending.add(values.decodeCommand(kv.getValue().getBytes()));
            } catch (DecodeException e) {
                router.quarantineCommand(id, kv, e.getMessage());
            }
        }
        owned.claimed(id, fence);
        out.complete(new ClaimResult.Claimed(new Claim(c.task(), fence, c.state(), pending)));
        router.claimAnswered(id, fence); // after the claim was reported: the commands the watch delivered meanwhile
    }

    private void releaseNotClaimed(String id, long fence, String why, CompletableFuture<ClaimResult> out) {
        release(id, fence).whenCompleteAsync((ok, t) -> notClaimed(id, why, out), events);
    }

    /** Events thread: reports a claim that was not won. */
    private void notClaimed(String id, String why, CompletableFuture<ClaimResult> out) {
        out.complete(new ClaimResult.NotClaimed(id, why));
        router.claimAnswered(id, 0);
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

    /**
     * Issue 14 item 2: the outcome of a claim txn is unknown (its batch failed or timed out; it may still land). It is
     * resolved for certain by re-sending the claim ({@link #send}) with a bounded back-off (50 ms doubling to 1 s),
     * for as long as the claim's lease is this node's live lease; the claim stays "on the way" meanwhile. Once the
     * lease is lost the loss resolves it: a claim txn cannot land on a revoked or expired lease, and the lease's
     * claims are gone (or fenced locally and gone by its expiry).
     */
    private void resolveUnknown(String id, long lease, int attempt, Throwable failure,
                                CompletableFuture<ClaimResult> out) {
        if (attempt == 1) {
            LOG.info("unknown-outcome claim task={} node={} cause=\"{}\": re-sending it to learn the outcome", id, node,
                    calls.map(failure, "claim").getMessage());
        }
        if (!leaseAlive.test(lease)) {
            // not NotClaimed: nobody else may hold the task (a re-list during this claim did not offer it, as a claim
            // was on the way), so the caller must try again later — a retryable failure makes it do so
            out.completeExceptionally(new WindlassException(ErrorCode.UNAVAILABLE, "claim of " + id + ": outcome "
                    + "unknown and the lease is gone (" + calls.map(failure, "claim").getMessage() + "); retry later",
                    failure));
            router.claimAnswered(id, 0);
            return;
        }
        long delay = Math.min(1000L, 50L << Math.min(attempt - 1, 5));
        Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, events);
        later.execute(() -> {
            if (leaseAlive.test(lease)) {
                send(id, lease, attempt, failure, out);
            } else {
                resolveUnknown(id, lease, attempt, failure, out);
            }
        });
    }

    /**
     * True when etcd answered the claim txn with a refusal (NOSPACE, a denied or invalid request): it did not land —
     * except the one txn that crosses the NOSPACE quota, which etcd applies although it answers NOSPACE — so one read
     * settles it ({@link #readBack}); re-sending would only be refused again. A lost or late answer is unknown.
     */
    private boolean answered(Throwable failure) {
        WindlassException e = calls.map(failure, "claim");
        return e.code() == ErrorCode.NO_SPACE || !e.retryable();
    }

    /** Events thread: after a refusal, one read of the claim: ours (it crossed the quota) is released, else NotClaimed. */
    private void readBack(String id, long lease, Throwable refusal, CompletableFuture<ClaimResult> out) {
        calls.bounded(kv.get(keys.claim(id)), "claim_read").whenCompleteAsync((r, t) -> {
            if (t != null) {
                resolveUnknown(id, lease, 1, refusal, out); // the read failed too: settle it like an unknown outcome
                return;
            }
            KeyValue claim = only(r);
            String why = "claim refused: " + calls.map(refusal, "claim").getMessage();
            if (claim != null && claim.getLease() == lease && owned.fence(id) != claim.getCreateRevision()) {
                releaseNotClaimed(id, claim.getCreateRevision(), why + "; it landed and was released", out);
            } else {
                notClaimed(id, why, out);
            }
        }, events);
    }

    /** Events thread: a re-sent claim lost its guard; if the unknown one landed (our lease, no runner) release it. */
    private void resolved(String id, long lease, List<GetResponse> gets, Throwable unknown,
                          CompletableFuture<ClaimResult> out) {
        KeyValue claim = only(gets.get(0));
        if (claim != null && claim.getLease() == lease && owned.fence(id) != claim.getCreateRevision()) {
            LOG.info("unknown-outcome claim task={} node={} landed (fence {}): releasing it", id, node,
                    claim.getCreateRevision());
            releaseNotClaimed(id, claim.getCreateRevision(), "claim outcome was unknown ("
                    + calls.map(unknown, "claim").getMessage() + "); it landed and was released", out);
        } else {
            notClaimed(id, whyNot(gets), out);
        }
    }

    /**
     * Fenced delete of the claim ({@code If(CreateRevision(claim)==fence) Then Delete(claim)}, a nested txn in the
     * group commit like claims and writes); false if the claim is not held with {@code fence} any more.
     */
    CompletableFuture<Boolean> release(String id, long fence) {
        CompletableFuture<Boolean> out = new CompletableFuture<>();
        owned.releasing(id, fence);
        ByteSequence claim = keys.claim(id);
        committer.submit(id, new Cmp[] {new Cmp(claim, Cmp.Op.EQUAL, CmpTarget.createRevision(fence))},
                        new Op[] {Op.delete(claim, DeleteOption.DEFAULT)}, new Op[0], claim.size() + 32)
                .whenCompleteAsync((o, t) -> {
                    if (t != null) {
                        WindlassException error = calls.map(t, "release " + id);
                        router.settled(id, fence, error.retryable() ? Ownership.Settled.UNKNOWN
                                : Ownership.Settled.NOT_APPLIED);
                        out.completeExceptionally(error);
                    } else {
                        router.settled(id, fence, o.txn().isSucceeded() ? Ownership.Settled.DELETED
                                : Ownership.Settled.FENCE_LOST);
                        out.complete(o.txn().isSucceeded());
                    }
                }, events);
        return out;
    }

    private static KeyValue only(GetResponse r) {
        return r.getKvs().isEmpty() ? null : r.getKvs().get(0);
    }
}
