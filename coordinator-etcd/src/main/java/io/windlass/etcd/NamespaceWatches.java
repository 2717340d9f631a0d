package io.windlass.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.OptionsUtil;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The namespace's watches: everything under {@code /<ns>/} EXCEPT {@code /<ns>/state/}, as two range watches
 * ([{@code /<ns>/}, {@code /<ns>/state/}) and [end of {@code state/}, end of {@code /<ns>/})). State keys carry every
 * transition of every task (by far the most traffic) and no node needs them as hints: owners learn their writes'
 * outcomes from the txns, and offers/commands/claims live in the other keys. Each jetcd watcher has its own stream,
 * resume point, progress requests and silence detection.
 */
final class NamespaceWatches {
    private final List<NamespaceWatch> watches;

    NamespaceWatches(Watch watch, Keys keys, Executor events, ScheduledExecutorService scheduler, Duration silence,
                     NamespaceWatch.Handler handler, EtcdCalls calls) {
        ByteSequence root = keys.root();
        ByteSequence state = keys.prefix(Keys.STATE);
        this.watches = List.of(
                new NamespaceWatch(watch, root, state, keys.rootString() + " (before state/)", events, scheduler,
                        silence, handler, calls),
                new NamespaceWatch(watch, OptionsUtil.prefixEndOf(state), OptionsUtil.prefixEndOf(root),
                        keys.rootString() + " (after state/)", events, scheduler, silence, handler, calls));
    }

    /** (Re)starts every watch from {@code fromRevision}. */
    void start(long fromRevision) {
        watches.forEach(w -> w.start(fromRevision));
    }

    void stop() {
        watches.forEach(NamespaceWatch::stop);
    }

    long progressAnswers() {
        return watches.stream().mapToLong(NamespaceWatch::progressAnswers).min().orElse(0);
    }

    long silentRecreations() {
        return watches.stream().mapToLong(NamespaceWatch::silentRecreations).sum();
    }
}
