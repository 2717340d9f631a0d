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
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.codec.DecodeException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a {@link StateWrite} into one guarded (nested) txn for the {@link Committer} and its response into a
 * {@link WriteResult}. Guard: {@code CreateRevision(claim) == fence AND ModRevision(state) == expectedRevision}.
 * A committed write answers with the state as readers will decode it, built from the caller's object (what was
 * encoded is not parsed back, except for data a tree walk cannot vouch for: {@link ParsedForm}). A guard
 * that failed, or a failed or timed-out txn, is judged from claim, state and the acknowledged commands (the nested
 * txn's Else reads, or one re-read): if the state moved past {@code expectedRevision} to exactly ours (same fence,
 * this node, equal state) and every acknowledged command is gone, an earlier attempt of this write committed
 * (idempotent); if the claim is gone or another fence owns it, or the state moved, the fence is lost; otherwise it
 * was not applied (Failed, retryable). Never completes exceptionally.
 */
final class FencedWrites {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FencedWrites.class);
    /** etcd --max-txn-ops (default 128) applies to each nested txn's Then too. */
    static final int MAX_OPS = 128;
    /** A single value above this is refused before it reaches etcd (request cap 1.5 MiB). */
    static final int MAX_VALUE_BYTES = 1024 * 1024;
    private static final GetOption COUNT_ONLY = GetOption.builder().withCountOnly(true).build();

    private final KV kv;
    private final Keys keys;
    private final Values values;
    private final Committer committer;
    private final EtcdCalls calls;
    private final Clock clock;
    private final String node;

    FencedWrites(KV kv, Keys keys, Values values, Committer committer, EtcdCalls calls, Clock clock, String node) {
        this.kv = kv;
        this.keys = keys;
        this.values = values;
        this.committer = committer;
        this.calls = calls;
        this.clock = clock;
        this.node = node;
    }

    CompletableFuture<WriteResult> write(StateWrite w) {
        Instant now = clock.instant();
        byte[] state;
        try {
            state = values.encodeState(w.newState(), node, w.fence(), now);
        } catch (RuntimeException e) {
            return done(new WriteResult.Failed(new WindlassException(ErrorCode.INVALID_ARGUMENT,
                    "task " + w.taskId() + ": state cannot be encoded: " + e.getMessage(), e)));
        }
        if (state.length > MAX_VALUE_BYTES) {
            return done(new WriteResult.Failed(new WindlassException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "task " + w.taskId() + ": state is " + state.length + " bytes")));
        }
        List<Op> then = new ArrayList<>();
        then.add(Op.put(keys.state(w.taskId()), ByteSequence.from(state), PutOption.DEFAULT));
        int bytes = state.length + 64;
        for (String ack : acks(w)) {
            ByteSequence key = keys.command(w.taskId(), ack);
            then.add(Op.delete(key, DeleteOption.DEFAULT));
            bytes += key.size() + 8;
        }
        if (w.releaseClaim() || w.finish()) {
            then.add(Op.delete(keys.claim(w.taskId()), DeleteOption.DEFAULT));
        }
        if (w.finish()) {
            // a finished task accepts nothing more: its unapplied commands go with it (exact "<id>/" prefix)
            then.add(Op.delete(keys.commandsOf(w.taskId()), DeleteOption.builder().isPrefix(true).build()));
            then.add(Op.put(keys.done(w.taskId()), ByteSequence.from(values.encodeDone(w.newState().code(), now)),
                    PutOption.DEFAULT));
        }
        if (then.size() > MAX_OPS || acks(w).size() + 2 > MAX_OPS) {   // Then, and the Else's reads (#reads)
            return done(new WriteResult.Failed(new WindlassException(ErrorCode.INVALID_ARGUMENT, "task " + w.taskId()
                    + ": acknowledges " + w.ackCommandIds().size() + " commands in one write; at most "
                    + (MAX_OPS - 4))));
        }
        Cmp[] guards = guards(w);
        Op[] orElse = reads(w);
        byte[] ours = state;
        TaskState asRead;
        try {
            asRead = values.asRead(w.newState(), state);
        } catch (RuntimeException e) {
            return done(new WriteResult.Failed(new WindlassException(ErrorCode.INVALID_ARGUMENT,
                    "task " + w.taskId() + ": state does not survive its own encoding: " + e.getMessage(), e)));
        }
        return committer.submit(w.taskId(), guards, then.toArray(Op[]::new), orElse, bytes)
                .thenApply(o -> o.txn().isSucceeded()
                        ? (WriteResult) new WriteResult.Committed(new StoredState(asRead, o.revision(), node,
                        w.fence(), now))
                        : logRejected(w, judge(w, ours, o.txn().getGetResponses(), false)))
                .exceptionallyCompose(t -> resolve(w, ours, t));
    }

    private Cmp[] guards(StateWrite w) {
        return new Cmp[] {
            new Cmp(keys.claim(w.taskId()), Cmp.Op.EQUAL, CmpTarget.createRevision(w.fence())),
            new Cmp(keys.state(w.taskId()), Cmp.Op.EQUAL, CmpTarget.modRevision(w.expectedRevision()))
        };
    }

    /** Claim, state, and (count only) each command the write acknowledges: what {@link #judge} decides from. */
    private Op[] reads(StateWrite w) {
        List<Op> reads = new ArrayList<>();
        reads.add(Op.get(keys.claim(w.taskId()), GetOption.DEFAULT));
        reads.add(Op.get(keys.state(w.taskId()), GetOption.DEFAULT));
        for (String ack : acks(w)) {
            reads.add(Op.get(keys.command(w.taskId(), ack), COUNT_ONLY));
        }
        return reads.toArray(Op[]::new);
    }

    /** Commands deleted one by one by this write (a finishing write deletes them all by prefix). */
    private static List<String> acks(StateWrite w) {
        return w.finish() ? List.of() : w.ackCommandIds();
    }

    /** The outcome of an unknown (failed/timed-out) txn, learnt by re-reading claim and state. */
    private CompletableFuture<WriteResult> resolve(StateWrite w, byte[] ours, Throwable failure) {
        WindlassException error = calls.map(failure, "write " + w.taskId());
        if (error.code() == ErrorCode.PAYLOAD_TOO_LARGE || error.code() == ErrorCode.INVALID_ARGUMENT
                || error.code() == ErrorCode.ILLEGAL_STATE) {
            return done(new WriteResult.Failed(error));
        }
        // NO_SPACE is re-read too: the txn that crosses the quota is applied although etcd answers NOSPACE
        return calls.bounded(kv.txn().Then(reads(w)).commit(), "reread")
                .thenApply(r -> judge(w, ours, r.getGetResponses(), true))
                .thenApply(r -> {
                    LOG.info("unknown-outcome write task={} fence={} read-back={} cause=\"{}\"", w.taskId(),
                            w.fence(), r.getClass().getSimpleName(), error.getMessage());
                    return r;
                })
                .thenApply(r -> error.code() == ErrorCode.NO_SPACE && r instanceof WriteResult.Failed
                        ? new WriteResult.Failed(error) : r)
                .exceptionally(t -> new WriteResult.Failed(new WindlassException(ErrorCode.INDETERMINATE,
                        "write of task " + w.taskId() + " timed out/failed (" + error.getMessage()
                                + ") and its outcome could not be read back", t)));
    }

    /**
     * Logs (WARN, one structured line) a write whose fence guard etcd refused, whether or not the caller still
     * waits for it: the evidence operators and fault tests grep for that a stale owner's write was stopped by etcd.
     */
    private WriteResult logRejected(StateWrite w, WriteResult r) {
        if (r instanceof WriteResult.FenceLost lost) {
            LOG.warn("fence-rejected task={} fence={} node={} reason=\"{}\"", w.taskId(), w.fence(), node,
                    lost.reason());
        }
        return r;
    }

    /**
     * Decides from the current claim, state and acknowledged commands ({@link #reads}) why the guard failed, or what
     * a lost txn did. The write counts as committed (an earlier attempt of it committed: idempotent retry) only if the
     * state key moved past {@code expectedRevision} — a state still at {@code expectedRevision} was not written by
     * this write, even when it equals ours (a write of an unchanged state that acknowledges commands) — and the stored
     * state is ours (same fence and node, equal state), and every command it acknowledges is gone.
     */
    private WriteResult judge(StateWrite w, byte[] ours, List<GetResponse> gets, boolean afterError) {
        KeyValue claim = gets.get(0).getKvs().isEmpty() ? null : gets.get(0).getKvs().get(0);
        KeyValue state = gets.get(1).getKvs().isEmpty() ? null : gets.get(1).getKvs().get(0);
        if (state != null && state.getModRevision() != w.expectedRevision()) {
            try {
                StoredState stored = values.decodeState(state.getValue().getBytes(), state.getModRevision());
                if (stored.writerFence() == w.fence() && stored.writerNode().equals(node)
                        && acksGone(gets) && sameState(stored, ours)) {
                    // answer with the caller's own state object (equal content; JSON number node types may differ)
                    return new WriteResult.Committed(new StoredState(w.newState(), stored.revision(),
                            stored.writerNode(), stored.writerFence(), stored.updated()));
                }
            } catch (DecodeException e) {
                return new WriteResult.FenceLost("task " + w.taskId() + ": stored state is undecodable");
            }
        }
        if (claim == null) {
            return new WriteResult.FenceLost("task " + w.taskId() + ": claim is gone");
        }
        if (claim.getCreateRevision() != w.fence()) {
            return new WriteResult.FenceLost("task " + w.taskId() + ": claimed by "
                    + values.claimNode(claim.getValue().getBytes()) + " with fence " + claim.getCreateRevision()
                    + ", not " + w.fence());
        }
        if (state == null || state.getModRevision() != w.expectedRevision()) {
            return new WriteResult.FenceLost("task " + w.taskId() + ": state moved (expected revision "
                    + w.expectedRevision() + ", stored " + (state == null ? "none" : state.getModRevision()) + ")");
        }
        if (afterError) {
            return new WriteResult.Failed(new WindlassException(ErrorCode.UNAVAILABLE, "write of task " + w.taskId()
                    + " was not applied (etcd at " + calls.endpoint() + " failed); retrying it is safe"));
        }
        return new WriteResult.Failed(new WindlassException(ErrorCode.INTERNAL,
                "task " + w.taskId() + ": guard failed although claim and state match"));
    }

    /** Equal as a reader decodes them (JSON numbers may come back as other node types than they went in). */
    private boolean sameState(StoredState stored, byte[] ours) {
        try {
            return stored.state().equals(values.decodeState(ours, 0).state());
        } catch (DecodeException e) {
            return false;
        }
    }

    /** True when no command the write acknowledges is stored (gets[2..] are their count-only reads). */
    private static boolean acksGone(List<GetResponse> gets) {
        for (int i = 2; i < gets.size(); i++) {
            if (gets.get(i).getCount() > 0) {
                return false;
            }
        }
        return true;
    }

    private static CompletableFuture<WriteResult> done(WriteResult r) {
        return CompletableFuture.completedFuture(r);
    }
}
