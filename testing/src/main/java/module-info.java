/**
 * Windlass test support: virtual time, the task harness (on the embedded in-memory cluster), the coordinator contract
 * suite, and {@code EtcdExtension}, the JUnit face of the launcher's real etcd processes.
 */
module io.windlass.testing {
    requires transitive io.windlass.consumer;
    requires transitive io.windlass.embedded;
    requires transitive io.windlass.launcher;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires org.slf4j;

    exports io.windlass.testing.time;
    exports io.windlass.testing.harness;
    exports io.windlass.testing.contract;
    exports io.windlass.testing.etcd;
    exports io.windlass.testing.handlers;
}
