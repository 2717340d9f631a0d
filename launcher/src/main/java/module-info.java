/**
 * Windlass launcher: real etcd server processes on free loopback ports (kill, pause, restart, compact, alarms), a TCP
 * fault proxy, and worker JVMs as child processes. For tests (through {@code EtcdExtension}) and benchmarks; no JUnit.
 */
module io.windlass.launcher {
    requires transitive io.windlass.statemachine;
    requires java.net.http;

    exports io.windlass.launcher;
}
