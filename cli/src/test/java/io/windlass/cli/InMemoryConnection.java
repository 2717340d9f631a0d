package io.windlass.cli;

import io.windlass.consumer.client.TaskClient;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.embedded.InMemoryCluster;
import io.windlass.embedded.StoredVersion;
import java.util.List;
import java.util.function.Consumer;

/** A {@link Connection} on an {@link InMemoryCluster}, for fast CLI tests (no state stream: its client cannot watch). */
final class InMemoryConnection implements Connection {
    private final InMemoryCluster cluster;

    InMemoryConnection(InMemoryCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public TaskClient client() {
        return cluster.client();
    }

    @Override
    public History history(String taskId) {
        List<StoredVersion> versions = cluster.history(taskId);
        if (versions.isEmpty()) {
            throw new WindlassException(ErrorCode.TASK_NOT_FOUND, "task " + taskId + " does not exist");
        }
        return new History(taskId, versions.stream()
                .map(v -> new History.Entry(v.state().revision(), v.state(), null)).toList(), false);
    }

    @Override
    public void close() {
    }
}
