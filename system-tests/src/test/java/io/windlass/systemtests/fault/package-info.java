/**
 * The fault-tolerance suite: real etcd processes ({@link io.windlass.testing.etcd.EtcdExtension}) and worker nodes as
 * separate JVMs ({@link io.windlass.systemtests.fault.WorkerProcess}) that are killed, frozen, cut off through a
 * {@link io.windlass.launcher.FaultProxy}, restarted, or starved of quota. Shared checkers judge every scenario
 * from etcd alone: {@link io.windlass.systemtests.fault.FencingLedger} (state history), {@link
 * io.windlass.systemtests.fault.Completeness}, {@link io.windlass.systemtests.fault.CommandScript} (commands exactly once, in
 * order) and {@link io.windlass.systemtests.fault.TakeoverBound}; {@link io.windlass.systemtests.fault.WorkerLog} parses the
 * workers' structured log lines (transitions, fence-rejected writes). What they prove: docs/guarantees.md.
 */
package io.windlass.systemtests.fault;
