package io.windlass.etcd;

import io.etcd.jetcd.Client;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.client.TaskFilter;
import io.windlass.consumer.client.TaskPage;
import io.windlass.statemachine.TaskStateMachine;
import io.windlass.statemachine.codec.WireCodec;

/**
 * The {@link TaskClient} of one namespace on etcd. Every call is bounded by the request timeout (UNAVAILABLE naming
 * the endpoint when etcd does not answer). Thread-safe. Closing it does not close the jetcd {@link Client}.
 */
public interface EtcdTaskClient extends TaskClient {
    /** Largest encoded command accepted by {@link #command}; far below etcd's 1.5 MiB request cap. */
    int MAX_COMMAND_BYTES = 64 * 1024;

    static EtcdTaskClient create(Client client, String namespace) {
        return create(client, namespace, EtcdCoordinatorSettings.defaults());
    }

    static EtcdTaskClient create(Client client, String namespace, EtcdCoordinatorSettings settings) {
        return new DefaultEtcdTaskClient(client, new Keys(namespace), settings, WireCodec.standard(),
                TaskStateMachine.standard());
    }

    /** The task client of {@code namespace} on {@code connection} (which it does not close). */
    static EtcdTaskClient create(EtcdConnection connection, String namespace, EtcdCoordinatorSettings settings) {
        return create(connection.jetcd(), namespace, settings);
    }

    /**
     * The task's stored states from etcd's history of its state key, newest first, at most {@code max} entries. Says
     * (via {@link TaskHistory#compactedAt()}) when etcd compaction removed older versions.
     */
    TaskHistory history(String id, int max);

    /**
     * {@link #page(TaskFilter)} with every key range ending at {@code through} (an id after the filter's cursor): a
     * caller that knows where the page ends (e.g. from a watched index of ids) spares etcd 3.4 a range that visits every
     * key to the end of the namespace (a range with a limit still counts them all). Only ids up to {@code through} are
     * read; a page that reaches it without filling up continues after it ({@code nextAfter == through}). Null
     * {@code through}: {@link #page(TaskFilter)}.
     */
    TaskPage page(TaskFilter filter, String through);
}
