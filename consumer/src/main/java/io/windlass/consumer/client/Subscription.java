package io.windlass.consumer.client;

/** A live stream (e.g. {@link TaskClient#watchStates}); closing it stops delivery. Idempotent, never throws. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
