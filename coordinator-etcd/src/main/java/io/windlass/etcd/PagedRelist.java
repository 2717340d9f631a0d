package io.windlass.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Reads the namespace in pages, all at the revision of the first page, so that no request is big (a namespace of
 * 100,000 tasks is not one 30 MB answer that must arrive within one request timeout) and the first tasks can be
 * claimed while later pages are still on their way.
 *
 * <p>Page k holds the task records with ids in (last id of page k-1, last id of page k] — the last page up to the end
 * — and the states, claims and done markers of the same id range (those keys are {@code <kind>/<id>}, so key order is
 * id order and the ranges partition every id, also of a state without a task record). Pending and quarantined
 * commands are read once, with the first page, and shared by every page ({@code commands/<id>/...} keys do not sort
 * like ids, and pending commands are few). The node's own node commands come with the first page too.
 *
 * <p>Each page is handed to the caller on the events executor, in order; the next page is requested as soon as the
 * previous page's task ids are known. If a page fails (timeout, compacted revision), no later page is handed over and
 * the failure is reported once. Events-executor confined after {@link #start}; one instance per re-list.
 */
final class PagedRelist {
    /** Task records per page. */
    static final int PAGE = 1_000;

    /** One page, handed over on the events executor. */
    record Page(Snapshot snapshot, String after, String last, boolean first, List<KeyValue> nodeCommands) {
        /** True if {@code id} belongs to this page's id range (after, last]. */
        boolean covers(String id) {
            return (after == null || id.compareTo(after) > 0) && (last == null || id.compareTo(last) <= 0);
        }
    }

    private final KV kv;
    private final Keys keys;
    private final EtcdCalls calls;
    private final String node;
    private final Executor events;
    private final int pageSize;
    private final Consumer<Page> onPage;
    private final Consumer<Throwable> failed;
    private final CompletableFuture<Long> firstDone = new CompletableFuture<>();
    // events executor only: pages may complete out of order and wait here for their turn
    private final Map<String, Page> waiting = new HashMap<>();
    private Snapshot firstSnapshot;
    private String nextAfter = "";
    private boolean stopped;

    /**
     * A re-list (one per use). {@code onPage} gets every page in order on the events executor; if a page after the
     * first fails, {@code failed} is called once (on the events executor) and no later page is handed over.
     */
    PagedRelist(KV kv, Keys keys, EtcdCalls calls, String node, Executor events, int pageSize, Consumer<Page> onPage,
                Consumer<Throwable> failed) {
        this.onPage = onPage;
        this.failed = failed;
        this.kv = kv;
        this.keys = keys;
        this.calls = calls;
        this.node = node;
        this.events = events;
        this.pageSize = pageSize;
    }

    /**
     * Starts reading. The returned future completes with the revision of every page after the FIRST page was handed
     * over (the watch may start after it), or fails if the first page could not be read.
     */
    CompletableFuture<Long> start() {
        read(null, 0);
        return firstDone;
    }

    private void read(String after, long revision) {
        ByteSequence from = after == null ? keys.prefix(Keys.TASKS) : idKey(Keys.TASKS, after + "\0");
        GetOption.Builder taskPage = GetOption.builder().withRange(prefixEnd(Keys.TASKS)).withLimit(pageSize);
        if (revision > 0) {
            taskPage.withRevision(revision);
        }
        calls.bounded(kv.get(from, taskPage.build()), "range").thenCompose(tasks -> {
            long rev = revision > 0 ? revision : tasks.getHeader().getRevision();
            List<KeyValue> kvs = tasks.getKvs();
            boolean more = tasks.isMore() && !kvs.isEmpty();
            String last = more ? Keys.string(kvs.get(kvs.size() - 1).getKey())
                    .substring(keys.rootString().length() + Keys.TASKS.length()) : null;
            if (more) { // ask for the next page's task records now; this page's other keys are read meanwhile
                events.execute(() -> read(last, rev));
            }
            return readRest(after, last, rev, after == null).thenApply(rest -> {
                Snapshot s = Snapshot.empty(rev);
                s.addTasks(keys, kvs);
                s.addStates(keys, rest.get(0).getKvs());
                s.addClaims(keys, rest.get(1).getKvs());
                s.addDone(keys, rest.get(2).getKvs());
                List<KeyValue> nodeCommands = List.of();
                if (rest.size() > 3) {
                    s.addCommands(keys, rest.get(3).getKvs());
                    s.addQuarantined(keys, rest.get(4).getKvs());
                    nodeCommands = rest.get(5).getKvs();
                }
                return new Page(s, after, last, after == null, nodeCommands);
            });
        }).whenCompleteAsync((page, t) -> {
            if (stopped) {
                return;
            }
            if (t != null) {
                stopped = true;
                if (!firstDone.isDone()) {
                    firstDone.completeExceptionally(t);
                } else {
                    failed.accept(t);
                }
                return;
            }
            waiting.put(after == null ? "" : after, page);
            handOverInOrder();
        }, events);
    }

    private void handOverInOrder() {
        Page next;
        while (nextAfter != null && (next = waiting.remove(nextAfter)) != null) {
            if (next.first()) {
                firstSnapshot = next.snapshot();
            } else {
                next.snapshot().shareCommandsOf(firstSnapshot);
            }
            onPage.accept(next);
            if (next.first()) {
                firstDone.complete(next.snapshot().revision());
            }
            nextAfter = next.last(); // null after the last page
        }
    }

    /** States, claims and done markers of ids in (after, last] at {@code rev}; with the first page also commands. */
    private CompletableFuture<List<GetResponse>> readRest(String after, String last, long rev, boolean first) {
        List<CompletableFuture<GetResponse>> reads = new ArrayList<>();
        for (String kind : new String[] {Keys.STATE, Keys.CLAIMS, Keys.DONE}) {
            ByteSequence from = after == null ? keys.prefix(kind) : idKey(kind, after + "\0");
            ByteSequence to = last == null ? prefixEnd(kind) : idKey(kind, last + "\0");
            reads.add(calls.bounded(kv.get(from, GetOption.builder().withRange(to).withRevision(rev).build()),
                    "range"));
        }
        if (first) {
            GetOption byCreate = GetOption.builder().isPrefix(true).withRevision(rev)
                    .withSortField(GetOption.SortTarget.CREATE).withSortOrder(GetOption.SortOrder.ASCEND).build();
            reads.add(calls.bounded(kv.get(keys.prefix(Keys.COMMANDS), byCreate), "range"));
            reads.add(calls.bounded(kv.get(keys.prefix(Keys.QUARANTINE + Keys.COMMANDS), byCreate), "range"));
            reads.add(calls.bounded(kv.get(keys.nodeCommandsOf(node), byCreate), "range"));
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                .thenApply(v -> reads.stream().map(CompletableFuture::join).toList());
    }

    private ByteSequence idKey(String kind, String idPart) {
        return Keys.bytes(keys.rootString() + kind + idPart);
    }

    /** The first key after every key of {@code /<ns>/<kind>} (its last byte, '/', incremented). */
    private ByteSequence prefixEnd(String kind) {
        byte[] b = (keys.rootString() + kind).getBytes(StandardCharsets.UTF_8);
        byte[] end = Arrays.copyOf(b, b.length);
        end[end.length - 1]++;
        return ByteSequence.from(end);
    }
}
