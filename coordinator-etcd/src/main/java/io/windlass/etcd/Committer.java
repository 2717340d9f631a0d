package io.windlass.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.windlass.consumer.spi.DaemonThreads;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The group committer shared by all tasks of a node. Pending guarded writes and claims are gathered and sent as ONE
 * outer txn whose {@code Then} holds one nested txn per write or claim (its own guard, puts/deletes/reads, and an
 * {@code Else} of reads), so each one's guard passes or fails alone; all of a batch commit at the outer revision. A batch is sent at once when nothing is in flight (a lone write is not
 * delayed), when {@code maxWrites} are waiting, or after {@code maxDelay}; at most {@code maxInFlight} batches are
 * outstanding. With {@code maxWrites == 1} every write is one flat txn (baseline). Txns are never retried here: a
 * failed or timed-out batch completes every write with the error (callers resolve it by re-reading).
 *
 * <p>Quota marker: etcd 3.4 decides whether a txn is subject to its space quota (and to an active NOSPACE alarm) from
 * the txn's TOP-LEVEL puts only; puts inside nested txns are not counted. So every batched outer txn that contains a
 * put also carries one small top-level put of this node's marker key ({@code /<ns>/committers/<node>}, value = the
 * batch count, docs/etcd-layout.md): while NOSPACE is active the whole batch then fails with "database space
 * exceeded" and nothing of it is stored. A batch of deletes only (releases) carries no marker and still frees space.
 *
 * <p>Threading: one mailbox thread owns the queue; result futures complete on it (callers must not block there).
 */
final class Committer implements AutoCloseable {
    private final KV kv;
    private final EtcdCalls calls;
    private final ScheduledExecutorService scheduler;
    private final int maxWrites;
    private final int maxBytes;
    private final Duration maxDelay;
    private final int maxInFlight;
    private final ExecutorService mailbox;
    private final ByteSequence marker;
    private long batches;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int inFlight;
    private boolean timerArmed;
    private boolean closed;

    /** One guarded write: a nested txn. {@code result} gets that txn's response and the outer header revision. */
    record Pending(String taskId, Cmp[] guards, Op[] then, Op[] orElse, int bytes,
                   CompletableFuture<Outcome> result) implements BatchPlanner.Item {
    }

    /** The response of one write's txn: {@code txn.isSucceeded()} tells whether its guard passed. */
    record Outcome(TxnResponse txn, long revision) {
    }

    Committer(KV kv, EtcdCalls calls, ScheduledExecutorService scheduler, EtcdCoordinatorSettings settings,
              String name, ByteSequence marker) {
        this.kv = kv;
        this.marker = marker;
        this.calls = calls;
        this.scheduler = scheduler;
        this.maxWrites = settings.batchMaxWrites();
        this.maxBytes = settings.batchMaxBytes();
        this.maxDelay = settings.batchMaxDelay();
        this.maxInFlight = settings.maxBatchesInFlight();
        this.mailbox = Executors.newSingleThreadExecutor(DaemonThreads.named("windlass-etcd-committer-" + name));
    }

    /** Queues a write; the future completes with its outcome, or exceptionally with the batch's failure. */
    CompletableFuture<Outcome> submit(String taskId, Cmp[] guards, Op[] then, Op[] orElse, int bytes) {
        Pending p = new Pending(taskId, guards, then, orElse, bytes, new CompletableFuture<>());
        try {
            mailbox.execute(() -> {
                if (closed) {
                    p.result().completeExceptionally(closedError());
                    return;
                }
                queue.add(p);
                pump(false);
            });
        } catch (RejectedExecutionException e) {
            p.result().completeExceptionally(closedError());
        }
        return p.result();
    }

    /**
     * For tests: the writes waiting for a batch, read on the mailbox — so after every write submitted before this call
     * was queued and every send it caused was made (sends happen on the mailbox). Blocks up to 10 s.
     */
    int queuedForTests() {
        CompletableFuture<Integer> size = new CompletableFuture<>();
        mailbox.execute(() -> size.complete(queue.size()));
        return size.orTimeout(10, TimeUnit.SECONDS).join();
    }

    private void pump(boolean timerFired) {
        boolean flushAnyway = timerFired;
        while (!queue.isEmpty() && inFlight < maxInFlight) {
            if (inFlight == 0 || queue.size() >= maxWrites || flushAnyway) {
                send(BatchPlanner.take(queue, maxWrites, maxBytes));
                flushAnyway = flushAnyway && !queue.isEmpty();
            } else {
                armTimer();
                return;
            }
        }
    }

    private void armTimer() {
        if (timerArmed) {
            return;
        }
        timerArmed = true;
        scheduler.schedule(() -> mailbox.execute(() -> {
            timerArmed = false;
            pump(true);
        }), maxDelay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void send(List<Pending> batch) {
        inFlight++;
        CompletableFuture<TxnResponse> sent;
        try {
            if (batch.size() == 1) {
                Pending p = batch.get(0);
                sent = kv.txn().If(p.guards()).Then(p.then()).Else(p.orElse()).commit();
            } else {
                boolean puts = batch.stream().anyMatch(Committer::puts);
                Op[] nested = new Op[batch.size() + (puts ? 1 : 0)];
                for (int i = 0; i < batch.size(); i++) {
                    Pending p = batch.get(i);
                    nested[i] = Op.txn(p.guards(), p.then(), p.orElse());
                }
                if (puts) {   // last, after the nested txns: their responses keep their indexes
                    nested[batch.size()] = Op.put(marker, Keys.bytes(Long.toString(++batches)), PutOption.DEFAULT);
                }
                sent = kv.txn().Then(nested).commit();
            }
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        calls.bounded(sent, "commit").whenComplete((r, t) -> {
            try {
                mailbox.execute(() -> {
                    inFlight--;
                    complete(batch, r, t);
                    if (!closed) {
                        pump(false);
                    }
                });
            } catch (RejectedExecutionException closing) {
                complete(batch, r, t);
            }
        });
    }

    private static boolean puts(Pending p) {
        for (Op op : p.then()) {
            if (op instanceof Op.PutOp) {
                return true;
            }
        }
        return false;
    }

    private static void complete(List<Pending> batch, TxnResponse r, Throwable t) {
        if (t != null) {
            batch.forEach(p -> p.result().completeExceptionally(t));
            return;
        }
        long revision = r.getHeader().getRevision();
        if (batch.size() == 1) {
            batch.get(0).result().complete(new Outcome(r, revision));
            return;
        }
        List<TxnResponse> nested = r.getTxnResponses();
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            if (i < nested.size()) {
                p.result().complete(new Outcome(nested.get(i), revision));
            } else {
                p.result().completeExceptionally(new WindlassException(ErrorCode.INTERNAL,
                        "etcd answered " + nested.size() + " nested txns for a batch of " + batch.size()));
            }
        }
    }

    private static WindlassException closedError() {
        return new WindlassException(ErrorCode.ILLEGAL_STATE, "coordinator is closed");
    }

    /** Fails queued writes (not those in flight: their outcome still arrives) and stops the mailbox. */
    @Override
    public void close() {
        try {
            mailbox.execute(() -> {
                closed = true;
                Pending p;
                while ((p = queue.poll()) != null) {
                    p.result().completeExceptionally(closedError());
                }
            });
        } catch (RejectedExecutionException ignored) {
            return;
        }
        mailbox.shutdown();
    }
}
