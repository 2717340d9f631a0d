package io.windlass.embedded;

import io.windlass.consumer.spi.CoordinatorListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one store operation has to tell the outside world: results for the caller (future completions) and listener
 * events. Collected while the store lock is held and posted to the event executor after it is released, in order
 * (completions first), so listeners never run under the lock and see events in store order when the executor is FIFO.
 */
final class Events {
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);

    private final List<Runnable> completions = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();

    private record Delivery(NodeEntry target, boolean local, String what, Consumer<CoordinatorListener> call) {
    }

    /** Completes the caller's future (posted before the events of the same operation). */
    void complete(Runnable completion) {
        completions.add(completion);
    }

    /** An event from the store: dropped at delivery time unless the target is still LIVE. */
    void deliver(NodeEntry target, String what, Consumer<CoordinatorListener> call) {
        deliveries.add(new Delivery(target, false, what, call));
    }

    /**
     * An event raised by the node's own coordinator (e.g. its local lease deadline passed while cut off): delivered
     * unless the node crashed or left.
     */
    void deliverLocal(NodeEntry target, String what, Consumer<CoordinatorListener> call) {
        deliveries.add(new Delivery(target, true, what, call));
    }

    void post(Store store, Executor executor) {
        for (Runnable completion : completions) {
            try {
                executor.execute(completion);
            } catch (RejectedExecutionException e) {
                LOG.warn("event executor rejected a result; completing it on the calling thread", e);
                completion.run();
            }
        }
        for (Delivery d : deliveries) {
            try {
                executor.execute(() -> run(store, d));
            } catch (RejectedExecutionException e) {
                LOG.warn("event executor rejected {} for node {}: dropped (events are hints)", d.what, d.target.id);
            }
        }
    }

    private static void run(Store store, Delivery d) {
        if (!store.deliverable(d.target, d.local)) {
            LOG.debug("dropping {} for node {} ({})", d.what, d.target.id, d.target.status);
            return;
        }
        try {
            d.call.accept(d.target.listener);
        } catch (RuntimeException e) {
            LOG.error("listener of node {} threw on {} (listeners must not throw)", d.target.id, d.what, e);
        }
    }
}
