package io.windlass.testing.harness;

import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.consumer.spi.CoordinatorListener;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.WriteResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A {@link Coordinator} that forwards every call to a delegate; tests override the calls they observe or alter. */
abstract class ForwardingCoordinator implements Coordinator {
    protected final Coordinator delegate;

    ForwardingCoordinator(Coordinator delegate) {
        this.delegate = delegate;
    }

    @Override
    public void start(String nodeId, CoordinatorListener listener) {
        delegate.start(nodeId, listener);
    }

    @Override
    public CompletableFuture<ClaimResult> claim(String taskId) {
        return delegate.claim(taskId);
    }

    @Override
    public CompletableFuture<WriteResult> write(StateWrite write) {
        return delegate.write(write);
    }

    @Override
    public CompletableFuture<Boolean> release(String taskId, long fence) {
        return delegate.release(taskId, fence);
    }

    @Override
    public CompletableFuture<List<NodeInfo>> nodes() {
        return delegate.nodes();
    }

    @Override
    public CompletableFuture<Void> setDraining(boolean draining) {
        return delegate.setDraining(draining);
    }

    @Override
    public CompletableFuture<Void> ackNodeCommand(String commandId) {
        return delegate.ackNodeCommand(commandId);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
