/**
 * {@code windlass bench}: benchmarks that measure the framework and the raw etcd baseline side by side, in one run,
 * on the same etcd, and print ONE JSON document on stdout (schema in {@code docs/benchmarks.md}) plus a short human
 * table and progress lines on stderr.
 *
 * <p>{@link io.windlass.bench.Bench#run} is the entry point. It starts its own single-member etcd (temp data
 * dir, free loopback port below 32768, killed and deleted at the end) unless an endpoint is given, then runs the
 * requested {@link io.windlass.bench.Benchmark}s one after the other, each in its own etcd namespace:
 * {@code transitions}, {@code claim-storm}, {@code timers}, {@code failover}, {@code idle-scale}.
 *
 * <p>Raw baselines ({@link io.windlass.bench.RawEtcd}) use jetcd directly with a fixed number of async calls
 * in flight (a semaphore) and a deadline on every call. Framework runs use three in-JVM consumer nodes
 * ({@link io.windlass.bench.EngineNode}: the {@link io.windlass.consumer.Consumer} engine on an
 * {@link io.windlass.etcd.EtcdCoordinator}, each with its own jetcd client) running
 * {@link io.windlass.bench.BenchHandler}. {@code transitions} also runs a minimal driver on the coordinator
 * SPI without the engine ({@link io.windlass.bench.BenchNode}) to tell engine cost from coordinator cost.
 *
 * <p>{@code peers} ({@link io.windlass.bench.PeersBench}) measures db-scheduler and Quartz's clustered JDBC store
 * ({@link io.windlass.bench.PeerScheduler}s) on their own PostgreSQL ({@link io.windlass.bench.PeerDb}, started through
 * the launcher's {@code PostgresLauncher}) on the same work shapes, next to this run's Windlass results; their
 * libraries are dependencies of this module only, never of the worker.
 *
 * <p>Threads: a benchmark runs on the caller's thread; engine nodes report through {@link
 * io.windlass.bench.Tracker}s on the consumers' event-loop threads; the coordinator-only driver keeps all
 * task state on one mailbox thread per node.
 */
package io.windlass.bench;
