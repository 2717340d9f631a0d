/**
 * {@code windlass bench}: benchmarks that measure the framework and the raw etcd baseline side by side, in one run,
 * on the same etcd, and print ONE JSON document on stdout (schema in {@code docs/benchmarks.md}) plus a short human
 * table and progress lines on stderr.
 *
 * <p>{@link io.windlass.examples.bench.Bench#run} is the entry point. It starts its own single-member etcd (temp data
 * dir, free loopback port below 32768, killed and deleted at the end) unless an endpoint is given, then runs the
 * requested {@link io.windlass.examples.bench.Benchmark}s one after the other, each in its own etcd namespace:
 * {@code transitions}, {@code claim-storm}, {@code timers}, {@code failover}, {@code idle-scale}.
 *
 * <p>Raw baselines ({@link io.windlass.examples.bench.RawEtcd}) use jetcd directly with a fixed number of async calls
 * in flight (a semaphore) and a deadline on every call. Framework runs use three in-JVM nodes
 * ({@link io.windlass.examples.bench.BenchNode}), each with its own jetcd client and
 * {@link io.windlass.etcd.EtcdCoordinator}; a node claims offered tasks and drives each task through the standard
 * {@link io.windlass.statemachine.TaskStateMachine} with fenced writes through the coordinator's group committer,
 * exactly the write path the consumer engine uses.
 *
 * <p>Threads: a benchmark runs on the caller's thread; nodes react on the coordinator's threads (results complete on
 * the committer's mailbox thread) and on one timer thread per node. Per-task state is only touched by the completion
 * of that task's single outstanding write, so there is never more than one thread at a time on a task.
 */
package io.windlass.examples.bench;
