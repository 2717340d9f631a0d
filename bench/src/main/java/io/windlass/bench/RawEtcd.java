package io.windlass.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raw jetcd load, the baselines: guarded CAS transitions (one per txn, or K nested sub-txns per txn) over a fixed set
 * of claimed tasks, and claim txns one per txn. A semaphore keeps exactly {@code inFlight} async txns outstanding;
 * every call has a deadline ({@code timeout}). A task is in at most one outstanding txn, so its guard (claim create
 * revision == fence AND state mod revision == last seen) always passes unless something is wrong; guard failures
 * are counted and reported. Not thread-safe: one run at a time, from one thread.
 */
final class RawEtcd {
    /** What one raw run measured. */
    record Rate(long ops, long allOps, double seconds, long txns, long failedGuards, long errors, Stats txnLatency) {
        double perSecond() {
            return seconds <= 0 ? 0 : ops / seconds;
        }
    }

    private final KV kv;
    private final Client client;
    private final String prefix;
    private final Duration timeout;
    private final byte[] value;
    private long lease;
    private ByteSequence[] claims = new ByteSequence[0];
    private ByteSequence[] states = new ByteSequence[0];
    private long[] fences = new long[0];
    private long[] seen = new long[0];

    RawEtcd(Client client, String prefix, Duration timeout) {
        this.client = client;
        this.kv = client.getKVClient();
        this.prefix = prefix;
        this.timeout = timeout;
        byte[] v = new byte[150];
        Arrays.fill(v, (byte) 'x');
        this.value = v;
    }

    /** Grants a lease and writes {@code tasks} claim keys (on it) and state keys, 64 tasks per txn. */
    void setup(int tasks) {
        lease = await(client.getLeaseClient().grant(3600), "grant lease").getID();
        claims = new ByteSequence[tasks];
        states = new ByteSequence[tasks];
        fences = new long[tasks];
        seen = new long[tasks];
        for (int i = 0; i < tasks; i++) {
            claims[i] = key("claims/t-" + i);
            states[i] = key("state/t-" + i);
        }
        PutOption onLease = PutOption.builder().withLeaseId(lease).build();
        for (int from = 0; from < tasks; from += 64) {
            int to = Math.min(tasks, from + 64);
            List<Op> ops = new ArrayList<>();
            for (int i = from; i < to; i++) {
                ops.add(Op.put(claims[i], ByteSequence.from(value), onLease));
                ops.add(Op.put(states[i], ByteSequence.from(value), PutOption.DEFAULT));
            }
            long revision = await(kv.txn().Then(ops.toArray(Op[]::new)).commit(), "setup").getHeader().getRevision();
            for (int i = from; i < to; i++) {
                fences[i] = revision;
                seen[i] = revision;
            }
        }
    }

    /**
     * Guarded transitions for {@code warmup + duration} with {@code inFlight} txns outstanding, {@code perTxn} tasks
     * per txn ({@code 1}: one flat txn per transition; more: one outer txn of nested sub-txns). Counts transitions
     * committed during {@code duration} (after the warm-up). Needs {@code inFlight * perTxn <= tasks}.
     */
    Rate transitions(int inFlight, int perTxn, Duration warmup, Duration duration, Progress progress) {
        if ((long) inFlight * perTxn > claims.length) {
            throw new IllegalArgumentException(inFlight + " x " + perTxn + " needs more than " + claims.length + " tasks");
        }
        ConcurrentLinkedQueue<Integer> free = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < claims.length; i++) {
            free.add(i);
        }
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong ops = new AtomicLong();
        AtomicLong allOps = new AtomicLong();
        AtomicLong txns = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Stats latency = new Stats(200_000);
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        long now;
        while ((now = System.nanoTime()) < end) {
            acquire(slots);
            int[] batch = new int[perTxn];
            for (int k = 0; k < perTxn; k++) {
                batch[k] = free.poll(); // never empty: inFlight * perTxn <= tasks
            }
            long sent = System.nanoTime();
            casTxn(batch).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, t) -> {
                long done = System.nanoTime();
                boolean counted = done >= measureFrom && done < end;
                if (t != null) {
                    errors.incrementAndGet();
                } else {
                    int ok = settle(batch, r);
                    failed.addAndGet(batch.length - ok);
                    allOps.addAndGet(ok);
                    if (counted) {
                        ops.addAndGet(ok);
                        txns.incrementAndGet();
                        latency.add(done - sent);
                    }
                }
                for (int i : batch) {
                    free.add(i);
                }
                slots.release();
            });
            if (progress != null) {
                long at = now;
                progress.tick(() -> String.format("%.0f/%.0f s, %d transitions", (at - start) / 1e9,
                        (end - start) / 1e9, ops.get()));
            }
        }
        drain(slots, inFlight);
        return new Rate(ops.get(), allOps.get(), duration.toNanos() / 1e9, txns.get(), failed.get(), errors.get(), latency);
    }

    private CompletableFuture<TxnResponse> casTxn(int[] batch) {
        if (batch.length == 1) {
            int i = batch[0];
            return kv.txn().If(guards(i)).Then(put(i)).Else(reads(i)).commit();
        }
        Op[] nested = new Op[batch.length];
        for (int k = 0; k < batch.length; k++) {
            int i = batch[k];
            nested[k] = Op.txn(guards(i), new Op[] {put(i)}, reads(i));
        }
        return kv.txn().Then(nested).commit();
    }

    /** Records the new revision of every task whose guard passed; returns how many passed. */
    private int settle(int[] batch, TxnResponse r) {
        long revision = r.getHeader().getRevision();
        if (batch.length == 1) {
            if (r.isSucceeded()) {
                seen[batch[0]] = revision;
                return 1;
            }
            return 0;
        }
        List<TxnResponse> nested = r.getTxnResponses();
        int ok = 0;
        for (int k = 0; k < batch.length && k < nested.size(); k++) {
            if (nested.get(k).isSucceeded()) {
                seen[batch[k]] = revision;
                ok++;
            }
        }
        return ok;
    }

    private Cmp[] guards(int i) {
        return new Cmp[] {new Cmp(claims[i], Cmp.Op.EQUAL, CmpTarget.createRevision(fences[i])),
            new Cmp(states[i], Cmp.Op.EQUAL, CmpTarget.modRevision(seen[i]))};
    }

    private Op put(int i) {
        return Op.put(states[i], ByteSequence.from(value), PutOption.DEFAULT);
    }

    private Op[] reads(int i) {
        return new Op[] {Op.get(claims[i], GetOption.DEFAULT), Op.get(states[i], GetOption.DEFAULT)};
    }

    /**
     * Starts {@code count} watchers of this prefix, each on its own client (as each node has its own), with
     * {@code prevKv} as the coordinator's namespace watch uses it; they only count events. Close to stop them.
     */
    AutoCloseable watchers(int count, boolean prevKv, AtomicLong events) {
        List<AutoCloseable> open = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Client c = io.windlass.etcd.EtcdClients.connect(endpoints());
            io.etcd.jetcd.options.WatchOption option = io.etcd.jetcd.options.WatchOption.builder().isPrefix(true)
                    .withPrevKV(prevKv).build();
            open.add(c);
            open.add(c.getWatchClient().watch(key(""), option, r -> events.addAndGet(r.getEvents().size())));
        }
        return () -> {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        };
    }

    private String endpoints;

    RawEtcd endpoint(String url) {
        this.endpoints = url;
        return this;
    }

    private String endpoints() {
        return endpoints;
    }

    /**
     * Claims {@code keys} fresh keys (under {@code <prefix>storm/}), one {@code If(CreateRevision==0) Then
     * Put(with lease)} txn per key, {@code inFlight} outstanding; {@code ops} = claims won, {@code seconds} = time
     * until the last one answered.
     */
    Rate claims(int keys, int inFlight, Progress progress) {
        long claimLease = await(client.getLeaseClient().grant(3600), "grant lease").getID();
        PutOption onLease = PutOption.builder().withLeaseId(claimLease).build();
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong won = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Stats latency = new Stats(200_000);
        long start = System.nanoTime();
        for (int i = 0; i < keys; i++) {
            acquire(slots);
            ByteSequence claim = key("storm/t-" + i);
            long sent = System.nanoTime();
            kv.txn().If(new Cmp(claim, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                    .Then(Op.put(claim, ByteSequence.from(value), onLease))
                    .Else(Op.get(claim, GetOption.DEFAULT)).commit()
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, t) -> {
                        if (t != null) {
                            errors.incrementAndGet();
                        } else if (r.isSucceeded()) {
                            won.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                        latency.add(System.nanoTime() - sent);
                        slots.release();
                    });
            if (progress != null) {
                progress.tick(() -> won.get() + "/" + keys + " claimed");
            }
        }
        drain(slots, inFlight);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Rate(won.get(), won.get(), seconds, keys, failed.get(), errors.get(), latency);
    }

    private void drain(Semaphore slots, int inFlight) {
        try {
            if (!slots.tryAcquire(inFlight, timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                throw new WindlassException(ErrorCode.UNAVAILABLE, "raw etcd txns did not finish in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WindlassException(ErrorCode.UNAVAILABLE, "interrupted", e);
        }
    }

    private static void acquire(Semaphore slots) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WindlassException(ErrorCode.UNAVAILABLE, "interrupted", e);
        }
    }

    private ByteSequence key(String suffix) {
        return ByteSequence.from(prefix + suffix, StandardCharsets.UTF_8);
    }

    private <T> T await(CompletableFuture<T> f, String what) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WindlassException(ErrorCode.UNAVAILABLE, what + ": interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "raw etcd " + what + " failed: " + e, e);
        }
    }
}
