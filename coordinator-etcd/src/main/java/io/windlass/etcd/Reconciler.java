package io.windlass.etcd;

import io.etcd.jetcd.KV;
import io.etcd.jetcd.watch.WatchEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading half of the event path (the translating half is {@link EventRouter}): it handles the namespace
 * watches' output, re-lists the namespace ({@link PagedRelist}) when the watches cannot tell what changed — at start,
 * on re-join, after compaction — and restarts the watches after the re-list, and it reads whether the tasks whose
 * claims a watch response freed are claimable now. Every answer is handed to the {@link EventRouter} on the events
 * thread, which turns it into listener calls.
 *
 * <p>Threads: {@link #events} and {@link #resyncNeeded} run on the events thread (the watches call them there);
 * {@link #resync} may be called from any thread. No call blocks: reads are asynchronous and bounded by the request
 * timeout, and their answers come back on the events executor.
 *
 * <p>Failure: {@link #resync} fails if the re-list's first page cannot be read (the caller decides); a later page
 * that fails starts a new re-list. {@link #resyncNeeded} retries every 500 ms until a re-list succeeds, then restarts
 * the watches after its revision. A failed claimability read is logged and dropped: a later re-list or offer covers
 * it.
 */
final class Reconciler implements NamespaceWatch.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    /** Above this many freed claims in one watch response, claimability is checked with one namespace read. */
    static final int BULK_CHECK = 32;
    /** Most claimability reads of queued ids out at a time (see {@link #offerIfClaimable}). */
    static final int CHECKS_IN_FLIGHT = 4;

    private final KV kv;
    private final Keys keys;
    private final EtcdCalls calls;
    private final String node;
    private final Executor events;
    private final EventRouter router;
    // set once, before the watches start (they call this handler, so they are built after it)
    private volatile NamespaceWatches watches;
    // false from a resync request until the watches restarted after the re-list (health: "watch synced")
    private volatile boolean synced = true;
    // events thread only: ids whose claimability is still to be read, and how many such reads are out
    private final Set<String> toCheck = new LinkedHashSet<>();
    private int checksInFlight;

    Reconciler(KV kv, Keys keys, EtcdCalls calls, String node, Executor events, EventRouter router) {
        this.kv = kv;
        this.keys = keys;
        this.calls = calls;
        this.node = node;
        this.events = events;
        this.router = router;
    }

    /** The watches to restart after a re-list; set once, before they are started. */
    void attach(NamespaceWatches namespaceWatches) {
        this.watches = namespaceWatches;
    }

    /** False while a re-list and re-watch the watches asked for is under way (any thread may ask). */
    boolean synced() {
        return synced;
    }

    /** Events thread: one watch response; the claims it freed are checked by a read. */
    @Override
    public void events(List<WatchEvent> list) {
        offerIfClaimable(router.watchEvents(list));
    }

    /**
     * Re-lists the namespace in pages ({@link PagedRelist}); the router reconciles owned tasks and offers claimable
     * ones page by page. Completes with the re-list's revision once the FIRST page is applied (the watch then starts
     * after it while later pages are still read). A later page that fails starts a new re-list.
     */
    CompletableFuture<Long> resync() {
        PagedRelist relist = new PagedRelist(kv, keys, calls, node, events, PagedRelist.PAGE, router.relistPages(),
                t -> resyncNeeded("a page of the re-list failed: " + t));
        return relist.start();
    }

    /** Re-lists (retrying until it succeeds), then restarts the watches after the re-list's revision. */
    @Override
    public void resyncNeeded(String why) {
        synced = false;
        resync().whenComplete((rev, t) -> {
            NamespaceWatches w = watches;
            if (w == null) {
                return;
            }
            if (t != null) {
                LOG.warn("re-list after '{}' failed, retrying: {}", why, t.toString());
                CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS)
                        .execute(() -> events.execute(() -> resyncNeeded(why)));
            } else {
                w.start(rev + 1);
                synced = true;
            }
        });
    }

    /**
     * Offers the tasks whose claims vanished if they are claimable now (decodable, not finished, unclaimed). Many in
     * one response (a revoked lease drops thousands of claims in one revision): one namespace read. Otherwise the ids
     * queue for reads of up to {@link Snapshot#MANY} tasks each, at most {@link #CHECKS_IN_FLIGHT} at a time: a lone
     * freed claim is read at once, a stream of them (a rebalance releasing hundreds one by one) is read in a few
     * batched txns instead of one read per task per node.
     */
    private void offerIfClaimable(Set<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        if (ids.size() > BULK_CHECK) {
            calls.bounded(Snapshot.readAll(kv, keys), "range")
                    .whenCompleteAsync((s, t) -> offerFrom(s, t, ids), events);
            return;
        }
        toCheck.addAll(ids);
        checkQueued();
    }

    /** Events thread: sends reads for the queued ids while fewer than {@link #CHECKS_IN_FLIGHT} are out. */
    private void checkQueued() {
        while (checksInFlight < CHECKS_IN_FLIGHT && !toCheck.isEmpty()) {
            List<String> batch = new ArrayList<>(Math.min(toCheck.size(), Snapshot.MANY));
            Iterator<String> queued = toCheck.iterator();
            while (queued.hasNext() && batch.size() < Snapshot.MANY) {
                batch.add(queued.next());
                queued.remove();
            }
            CompletableFuture<Snapshot> read;
            try {
                read = calls.bounded(Snapshot.readMany(kv, keys, batch), "range");
            } catch (RuntimeException e) { // e.g. the client closed: like a failed read, a later re-list covers it
                offerFrom(null, e, Set.copyOf(batch));
                continue;
            }
            checksInFlight++;
            read.whenCompleteAsync((s, t) -> {
                checksInFlight--;
                offerFrom(s, t, Set.copyOf(batch));
                checkQueued();
            }, events);
        }
    }

    private void offerFrom(Snapshot s, Throwable t, Set<String> ids) {
        if (t != null) {
            LOG.debug("claimability check failed (a later re-list or offer covers it): {}", t.toString());
            return;
        }
        router.offerClaimable(s, ids);
    }
}
