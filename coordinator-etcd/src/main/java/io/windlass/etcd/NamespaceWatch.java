package io.windlass.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One range watch on (part of) the namespace, with progress notifications and require-leader (a member cut off from
 * the leader ends the watch instead of going quiet) but without prevKV (nothing reads previous values, and asking
 * for them makes etcd read each changed key's old value for every watcher), resumed from the revision of the last
 * event received + 1 when it closes or fails (never from a progress notification's revision: on etcd 3.4 it can run
 * ahead of events not yet delivered, etcd#15220; after a long quiet spell the resume point may be compacted, which
 * means a re-list, safe), and recreated when it is silent (no event nor progress answer for {@code silence}; a
 * progress request is sent at half that). Compaction ({@link CompactedException}) cannot be resumed: the handler is
 * asked to re-list and re-watch ({@link Handler#resyncNeeded}). Responses are handed to the {@code events} executor
 * in order; nothing runs on jetcd's threads.
 */
final class NamespaceWatch {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceWatch.class);

    /** Receives the watch's output on the events executor. */
    interface Handler {
        void events(List<WatchEvent> events);

        void resyncNeeded(String why);
    }

    private final Watch watch;
    private final ByteSequence from;
    private final ByteSequence to;
    private final String label;
    private final Executor events;
    private final ScheduledExecutorService scheduler;
    private final Duration silence;
    private final Handler handler;
    private Watch.Watcher watcher;
    private long generation;
    private volatile long lastRevision;
    private volatile long lastActivityNanos;
    private boolean stopped;
    private ScheduledFuture<?> silenceCheck;
    private final AtomicLong progressAnswers = new AtomicLong();
    private final AtomicLong silentRecreations = new AtomicLong();

    /** Watches the keys in [{@code from}, {@code to}); {@code label} names the range in logs. */
    NamespaceWatch(Watch watch, ByteSequence from, ByteSequence to, String label, Executor events,
                   ScheduledExecutorService scheduler, Duration silence, Handler handler) {
        this.watch = watch;
        this.from = from;
        this.to = to;
        this.label = label;
        this.events = events;
        this.scheduler = scheduler;
        this.silence = silence;
        this.handler = handler;
    }

    /** (Re)starts watching every key of the namespace from {@code fromRevision}. */
    synchronized void start(long fromRevision) {
        if (stopped) {
            return;
        }
        closeWatcher();
        long gen = ++generation;
        lastRevision = fromRevision - 1;
        lastActivityNanos = System.nanoTime();
        WatchOption option = WatchOption.builder().withRange(to).withRevision(fromRevision)
                .withProgressNotify(true).withRequireLeader(true).build();
        watcher = watch.watch(from, option, new Watch.Listener() {
            @Override
            public void onNext(WatchResponse r) {
                onResponse(gen, r);
            }

            @Override
            public void onError(Throwable t) {
                onFailure(gen, t);
            }

            @Override
            public void onCompleted() {
                onFailure(gen, null);
            }
        });
        if (silenceCheck == null) {
            long period = Math.max(50, silence.toMillis() / 4);
            silenceCheck = scheduler.scheduleWithFixedDelay(this::checkSilence, period, period, TimeUnit.MILLISECONDS);
        }
    }

    long lastRevision() {
        return lastRevision;
    }

    /** Progress notifications received (answers to progress requests of an idle watch); for tests and metrics. */
    long progressAnswers() {
        return progressAnswers.get();
    }

    /** How often a silent watch was recreated; for tests and metrics. */
    long silentRecreations() {
        return silentRecreations.get();
    }

    private void onResponse(long gen, WatchResponse r) {
        synchronized (this) {
            if (gen != generation || stopped) {
                return;
            }
            lastActivityNanos = System.nanoTime();
            List<WatchEvent> list = r.getEvents();
            if (r.isProgressNotify()) {
                progressAnswers.incrementAndGet(); // activity only: never a resume point (etcd#15220 on 3.4)
            }
            if (list.isEmpty()) {
                return;
            }
            long rev = list.get(list.size() - 1).getKeyValue().getModRevision();
            if (rev > lastRevision) {
                lastRevision = rev;
            }
            events.execute(() -> handler.events(list));
        }
    }

    private void onFailure(long gen, Throwable t) {
        synchronized (this) {
            if (gen != generation || stopped) {
                return;
            }
            generation++;
            closeWatcher();
        }
        if (t instanceof CompactedException c) {
            LOG.info("watch of {} compacted at {}: re-listing", label, c.getCompactedRevision());
            events.execute(() -> handler.resyncNeeded("compacted"));
            return;
        }
        LOG.info("watch of {} ended ({}): resuming from revision {}", label,
                t == null ? "completed" : t.toString(), lastRevision + 1);
        try {
            scheduler.schedule(() -> start(lastRevision + 1), 200, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            LOG.debug("not resuming the watch: coordinator closing");
        }
    }

    private void checkSilence() {
        Watch.Watcher w;
        long quiet = System.nanoTime() - lastActivityNanos;
        synchronized (this) {
            if (stopped || watcher == null) {
                return;
            }
            w = watcher;
        }
        if (quiet > silence.toNanos()) {
            silentRecreations.incrementAndGet();
            LOG.warn("watch of {} silent for {} ms: recreating it from revision {}", label,
                    TimeUnit.NANOSECONDS.toMillis(quiet), lastRevision + 1);
            start(lastRevision + 1);
        } else if (quiet > silence.toNanos() / 2) {
            try {
                w.requestProgress();
            } catch (RuntimeException e) {
                LOG.debug("progress request failed: {}", e.toString());
            }
        }
    }

    private void closeWatcher() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (RuntimeException e) {
                LOG.debug("closing watcher: {}", e.toString());
            }
            watcher = null;
        }
    }

    synchronized void stop() {
        stopped = true;
        generation++;
        closeWatcher();
        if (silenceCheck != null) {
            silenceCheck.cancel(false);
        }
    }
}
