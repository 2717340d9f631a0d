/**
 * Windlass test support: virtual time, the in-memory cluster (also the demo's embedded coordinator), the task
 * harness, the coordinator contract suite, and real etcd processes for tests (EtcdExtension, FaultProxy).
 */
module io.windlass.testing {
    requires transitive io.windlass.consumer;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires java.net.http;
    requires org.slf4j;

    exports io.windlass.testing.time;
    exports io.windlass.testing.memory;
    exports io.windlass.testing.harness;
    exports io.windlass.testing.contract;
    exports io.windlass.testing.etcd;
}
