package io.windlass.cli;

import io.windlass.cli.support.Closeables;
import io.windlass.cli.support.EtcdEndpoints;
import io.windlass.cli.support.EtcdSecurity;
import io.windlass.consumer.client.TaskClient;
import io.windlass.etcd.EtcdConnection;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.etcd.EtcdTaskClient;
import io.windlass.etcd.TaskHistory;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@link Connection} to etcd: the {@link EtcdTaskClient} of the namespace (tasks, nodes, commands, the state-change
 * stream) and its history reader — the public client API only; the key layout stays in coordinator-etcd. Every call
 * is bounded by the timeout; an unreachable etcd is UNAVAILABLE naming the endpoint.
 */
final class EtcdStoreConnection implements Connection {
    private static final int MAX_HISTORY = 10_000;

    private final EtcdConnection etcd;
    private final EtcdTaskClient client;

    private EtcdStoreConnection(EtcdConnection etcd, EtcdTaskClient client) {
        this.etcd = etcd;
        this.client = client;
    }

    /** Opens etcd connections with or without TLS and auth. */
    static final ConnectionFactory FACTORY = new ConnectionFactory() {
        @Override
        public Connection open(String endpoint, String namespace, Duration timeout) {
            return EtcdStoreConnection.open(endpoint, namespace, timeout, EtcdSecurity.NONE);
        }

        @Override
        public Connection open(String endpoint, String namespace, Duration timeout, EtcdSecurity security) {
            return EtcdStoreConnection.open(endpoint, namespace, timeout, security);
        }
    };

    /** Opens a connection (lazily: nothing is sent until the first call); TLS options are checked first. */
    static Connection open(String endpoint, String namespace, Duration timeout, EtcdSecurity security) {
        EtcdConnection etcd = security.applyTo(EtcdConnection.builder(EtcdEndpoints.parse(endpoint)))
                .connectTimeout(timeout).build();
        try {
            EtcdTaskClient client = EtcdTaskClient.create(etcd, namespace,
                    EtcdCoordinatorSettings.defaults().withRequestTimeout(timeout).withEndpoint(endpoint));
            return new EtcdStoreConnection(etcd, client);
        } catch (IllegalArgumentException e) {
            etcd.close();
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
    }

    @Override
    public TaskClient client() {
        return client;
    }

    @Override
    public History history(String taskId) {
        TaskHistory h = client.history(taskId, MAX_HISTORY);
        if (h.entries().isEmpty()) {
            throw new WindlassException(ErrorCode.TASK_NOT_FOUND, "task " + taskId + " does not exist");
        }
        List<History.Entry> entries = new ArrayList<>();
        for (TaskHistory.Entry e : h.entries()) {
            entries.add(new History.Entry(e.revision(), e.state(), e.undecodable()));
        }
        Collections.reverse(entries);
        return new History(taskId, entries, h.truncated());
    }

    @Override
    public void close() {
        Closeables.closeAll(client, etcd);
    }
}
