/**
 * The fault-tolerance suite: real etcd processes ({@link io.windlass.testing.etcd.EtcdExtension}) and worker nodes as
 * separate JVMs ({@link io.windlass.examples.fault.WorkerProcess}) that are killed, frozen, cut off through a
 * {@link io.windlass.testing.etcd.FaultProxy}, restarted, or starved of quota. Shared checkers judge every scenario
 * from etcd alone: {@link io.windlass.examples.fault.FencingLedger} (state history), {@link
 * io.windlass.examples.fault.Completeness}, {@link io.windlass.examples.fault.CommandScript} (commands exactly once, in
 * order) and {@link io.windlass.examples.fault.TakeoverBound}; {@link io.windlass.examples.fault.WorkerLog} parses the
 * workers' structured log lines (transitions, fence-rejected writes). What they prove: docs/guarantees.md.
 */
package io.windlass.examples.fault;
