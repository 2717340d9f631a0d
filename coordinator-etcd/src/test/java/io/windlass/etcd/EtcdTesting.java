package io.windlass.etcd;

import java.time.Duration;

/** Settings and helpers shared by the etcd integration tests. */
final class EtcdTesting {
    private EtcdTesting() {
    }

    /** Short TTL (etcd may raise it) and timeouts so failure paths are quick; default batching. */
    static EtcdCoordinatorSettings settings() {
        return EtcdCoordinatorSettings.defaults().withLeaseTtl(Duration.ofSeconds(3))
                .withRequestTimeout(Duration.ofSeconds(3)).withWatchSilence(Duration.ofSeconds(5));
    }
}
