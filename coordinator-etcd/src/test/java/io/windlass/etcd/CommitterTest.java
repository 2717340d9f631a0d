package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Txn;
import io.etcd.jetcd.api.ResponseHeader;
import io.etcd.jetcd.api.ResponseOp;
import io.etcd.jetcd.kv.CompactResponse;
import io.etcd.jetcd.kv.DeleteResponse;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.TxnOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The committer's batching policy against a fake KV whose txns complete only when the test says so. */
class CommitterTest {
    private final FakeKv kv = new FakeKv();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private Committer committer;

    @AfterEach
    void stop() {
        committer.close();
        scheduler.shutdownNow();
    }

    private Committer committer(int maxWrites, Duration delay, int inFlight) {
        EtcdCoordinatorSettings s = EtcdCoordinatorSettings.defaults().withBatching(maxWrites, delay, inFlight);
        committer = new Committer(kv, new EtcdCalls(Duration.ofSeconds(30), "fake"), scheduler, s, "test",
                Keys.bytes("/ns/committers/test"));
        return committer;
    }

    private CompletableFuture<Committer.Outcome> submit(String task) {
        ByteSequence key = Keys.bytes("/ns/state/" + task);
        return committer.submit(task, new Cmp[] {new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(1))},
                new Op[] {Op.put(key, Keys.bytes("v"), PutOption.DEFAULT)},
                new Op[] {Op.get(key, GetOption.DEFAULT)}, 10);
    }

    @Test
    void aLoneWriteIsSentAtOnceAsOneFlatTxnEvenWithALongDelay() {
        committer(64, Duration.ofSeconds(60), 4);
        CompletableFuture<Committer.Outcome> f = submit("a");
        await(() -> kv.sent.size() == 1);
        assertThat(kv.sent.get(0).nested).isFalse();
        kv.sent.get(0).answer(true, 7);
        assertThat(f.join().revision()).isEqualTo(7);
        assertThat(f.join().txn().isSucceeded()).isTrue();
    }

    @Test
    void writesArrivingWhileABatchIsInFlightRideTheNextBatchAndEachGetsItsOwnOutcome() {
        committer(64, Duration.ofSeconds(60), 1);
        CompletableFuture<Committer.Outcome> first = submit("a");
        await(() -> kv.sent.size() == 1);
        List<CompletableFuture<Committer.Outcome>> later = new ArrayList<>();
        for (String t : List.of("b", "c", "d")) {
            later.add(submit(t));
        }
        assertThat(committer.queuedForTests()).as("all three queued (the mailbox handled them)").isEqualTo(3);
        assertThat(kv.sent).as("max 1 in flight: nothing else sent yet").hasSize(1);
        kv.sent.get(0).answer(true, 10);
        first.join();
        await(() -> kv.sent.size() == 2);
        FakeTxn batch = kv.sent.get(1);
        assertThat(batch.nested).isTrue();
        assertThat(batch.then).as("3 nested txns + the quota marker put").hasSize(4);
        assertThat(batch.then[3]).isInstanceOf(Op.PutOp.class);
        batch.answerNested(11, true, false, true);
        assertThat(later).extracting(f -> f.join().txn().isSucceeded()).containsExactly(true, false, true);
        assertThat(later).extracting(f -> f.join().revision()).containsOnly(11L);
    }

    @Test
    void theDelayFlushesASmallBatchWhileOthersAreInFlight() {
        committer(64, Duration.ofMillis(20), 2);
        submit("a");
        await(() -> kv.sent.size() == 1);
        submit("b");
        submit("c");
        await(() -> kv.sent.size() == 2);
        assertThat(kv.sent.get(1).then).as("2 nested txns + the quota marker put").hasSize(3);
    }

    @Test
    void aBatchOfDeletesOnlyCarriesNoQuotaMarker() {
        committer(64, Duration.ofSeconds(60), 1);
        submit("a");
        await(() -> kv.sent.size() == 1);
        for (String t : List.of("b", "c")) {
            ByteSequence key = Keys.bytes("/ns/claims/" + t);
            committer.submit(t, new Cmp[0], new Op[] {Op.delete(key, DeleteOption.DEFAULT)}, new Op[0], 10);
        }
        kv.sent.get(0).answer(true, 1);
        await(() -> kv.sent.size() == 2);
        assertThat(kv.sent.get(1).then).hasSize(2).allMatch(op -> op instanceof Op.TxnOp);
    }

    @Test
    void batchSizeOneSendsEveryWriteAsItsOwnFlatTxn() {
        committer(1, Duration.ofMillis(1), 8);
        for (String t : List.of("a", "b", "c")) {
            submit(t);
        }
        await(() -> kv.sent.size() == 3);
        assertThat(kv.sent).allMatch(t -> !t.nested);
    }

    @Test
    void aFailedBatchFailsEveryWriteInIt() {
        committer(64, Duration.ofSeconds(60), 1);
        submit("a");
        await(() -> kv.sent.size() == 1);
        CompletableFuture<Committer.Outcome> b = submit("b");
        CompletableFuture<Committer.Outcome> c = submit("c");
        kv.sent.get(0).answer(true, 1);
        await(() -> kv.sent.size() == 2);
        kv.sent.get(1).result.completeExceptionally(new IllegalStateException("boom"));
        await(() -> b.isCompletedExceptionally() && c.isCompletedExceptionally());
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition within 10 s").isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    static final class FakeTxn implements Txn {
        final CompletableFuture<TxnResponse> result = new CompletableFuture<>();
        private final List<FakeTxn> sent;
        Op[] then = new Op[0];
        boolean nested;

        FakeTxn(List<FakeTxn> sent) {
            this.sent = sent;
        }

        @Override
        public Txn If(Cmp... cmps) {
            return this;
        }

        @Override
        public Txn Then(Op... ops) {
            then = ops;
            nested = ops.length > 0 && ops[0] instanceof Op.TxnOp;
            return this;
        }

        @Override
        public Txn Else(Op... ops) {
            return this;
        }

        @Override
        public CompletableFuture<TxnResponse> commit() {
            sent.add(this);
            return result;
        }

        void answer(boolean succeeded, long revision) {
            result.complete(new TxnResponse(io.etcd.jetcd.api.TxnResponse.newBuilder().setSucceeded(succeeded)
                    .setHeader(ResponseHeader.newBuilder().setRevision(revision)).build(), ByteSequence.EMPTY));
        }

        void answerNested(long revision, boolean... succeeded) {
            io.etcd.jetcd.api.TxnResponse.Builder outer = io.etcd.jetcd.api.TxnResponse.newBuilder()
                    .setSucceeded(true).setHeader(ResponseHeader.newBuilder().setRevision(revision));
            for (boolean ok : succeeded) {
                outer.addResponses(ResponseOp.newBuilder()
                        .setResponseTxn(io.etcd.jetcd.api.TxnResponse.newBuilder().setSucceeded(ok)));
            }
            result.complete(new TxnResponse(outer.build(), ByteSequence.EMPTY));
        }
    }

    static final class FakeKv implements KV {
        final List<FakeTxn> sent = new CopyOnWriteArrayList<>();

        @Override
        public Txn txn() {
            return new FakeTxn(sent);
        }

        @Override
        public Txn txn(TxnOption option) {
            return txn();
        }

        @Override
        public CompletableFuture<PutResponse> put(ByteSequence key, ByteSequence value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<PutResponse> put(ByteSequence key, ByteSequence value, PutOption option) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<GetResponse> get(ByteSequence key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<GetResponse> get(ByteSequence key, GetOption option) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<DeleteResponse> delete(ByteSequence key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<DeleteResponse> delete(ByteSequence key, DeleteOption option) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<CompactResponse> compact(long rev) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<CompactResponse> compact(long rev, CompactOption option) {
            throw new UnsupportedOperationException();
        }
    }
}
