package io.windlass.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import java.time.Duration;

/**
 * Builds jetcd clients configured the way Windlass needs them (see field-notes.md):
 * <ul>
 *   <li>{@code maxInboundMessageSize} 64 MiB: a watch catching up after a batch burst (or a lease revoke that drops
 *       thousands of claims in one revision) can exceed gRPC's 4 MiB default, and jetcd then stops the watch;</li>
 *   <li>{@code waitForReady(false)}: during an outage requests fail fast with UNAVAILABLE (and the channel recovers
 *       ~1.5 s after healing) instead of hanging for the whole outage;</li>
 *   <li>a connect timeout. Retries are left to jetcd's defaults for reads; Windlass never asks jetcd to retry
 *       txns.</li>
 * </ul>
 * Every Windlass call adds its own deadline on top.
 */
public final class EtcdClients {
    /** The inbound message limit used by {@link #connect}. */
    public static final int MAX_INBOUND_MESSAGE_BYTES = 64 * 1024 * 1024;

    private EtcdClients() {
    }

    /** A client for {@code endpoints} (e.g. {@code http://127.0.0.1:2379}). The caller closes it. */
    public static Client connect(String... endpoints) {
        return builder(endpoints).build();
    }

    /** The configured builder, for callers that add TLS, auth or other options. */
    public static ClientBuilder builder(String... endpoints) {
        if (endpoints == null || endpoints.length == 0) {
            throw new IllegalArgumentException("at least one etcd endpoint is needed");
        }
        return Client.builder()
                .endpoints(endpoints)
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .waitForReady(false)
                .connectTimeout(Duration.ofSeconds(3));
    }
}
