package io.windlass.cli;

import io.windlass.cli.support.EtcdSecurity;
import java.time.Duration;

/** Opens {@link Connection}s; the CLI uses the etcd one, tests may pass another. */
@FunctionalInterface
public interface ConnectionFactory {

    /** Like {@link #open(String, String, Duration)}, with TLS and auth; by default ignores {@code security}. */
    default Connection open(String endpoint, String namespace, Duration timeout, EtcdSecurity security) {
        return open(endpoint, namespace, timeout);
    }

    /**
     * @param endpoint  the store's URL, e.g. {@code http://127.0.0.1:2379} (several separated by commas)
     * @param namespace the namespace (key prefix) of the tasks
     * @param timeout   the bound on every call
     */
    Connection open(String endpoint, String namespace, Duration timeout);
}
