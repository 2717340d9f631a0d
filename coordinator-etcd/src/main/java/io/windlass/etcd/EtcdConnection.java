package io.windlass.etcd;

import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.List;

/**
 * One connection to an etcd cluster, shared by any number of coordinators and task clients of any namespaces on it
 * (one jetcd client underneath, configured as {@link EtcdClients} describes). Applications open it, hand it to
 * {@link EtcdCoordinator#create(EtcdConnection, String, EtcdCoordinatorSettings)} and
 * {@link EtcdTaskClient#create(EtcdConnection, String, EtcdCoordinatorSettings)}, and close it after them: closing
 * coordinators and clients never closes the connection. Thread-safe.
 *
 * <pre>{@code
 * try (EtcdConnection etcd = EtcdConnection.builder("http://10.0.0.1:2379", "http://10.0.0.2:2379").build()) { ... }
 * }</pre>
 */
public interface EtcdConnection extends AutoCloseable {

    /** A connection with the defaults to {@code endpoints}, e.g. {@code http://127.0.0.1:2379}. */
    static EtcdConnection open(String... endpoints) {
        return builder(endpoints).build();
    }

    static Builder builder(String... endpoints) {
        return new Builder(endpoints);
    }

    /** The endpoints as given, e.g. for messages. */
    List<String> endpoints();

    /** The jetcd client underneath, for applications that also use etcd directly; do not close it. */
    Client jetcd();

    /** Closes the jetcd client; idempotent. Coordinators and clients on it fail with UNAVAILABLE afterwards. */
    @Override
    void close();

    /** Options of an {@link EtcdConnection}; defaults: 3 s connect timeout. Not thread-safe. */
    final class Builder {
        private final List<String> endpoints;
        private Duration connectTimeout = Duration.ofSeconds(3);

        private Builder(String... endpoints) {
            if (endpoints == null || endpoints.length == 0) {
                throw new IllegalArgumentException("at least one etcd endpoint is needed");
            }
            this.endpoints = List.of(endpoints);
        }

        /** How long establishing a connection to a member may take before a call fails; positive. */
        public Builder connectTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connect timeout must be positive, was " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /** Builds the connection; nothing is sent until the first call. */
        public EtcdConnection build() {
            Client client = EtcdClients.builder(endpoints.toArray(String[]::new)).connectTimeout(connectTimeout).build();
            return new JetcdConnection(endpoints, client);
        }
    }
}
