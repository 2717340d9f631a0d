/**
 * Real etcd for tests and benchmarks: {@link io.windlass.launcher.EtcdLauncher} launches genuine {@code etcd} server processes
 * (the binary on {@code PATH}; no Docker, no mocks) as a single member or an N-member cluster on free loopback ports,
 * each in its own temporary data dir, and offers fault controls on them (SIGKILL, SIGSTOP/SIGCONT, restart on the same
 * data dir, compaction, a small backend quota to provoke NOSPACE). {@link io.windlass.launcher.FaultProxy} is an
 * in-process TCP proxy in front of one endpoint that can blackhole traffic (silent partition) or reset and refuse it
 * (hard cut).
 *
 * <p>Nothing here depends on jetcd: health checks, compaction, alarms and defragmentation use etcd's HTTP endpoints
 * ({@code /health} and the v3 JSON gateway) through {@link java.net.http.HttpClient}, every call with a timeout.
 *
 * <p>No etcd outlives its owner: processes are killed and data dirs deleted after the test (or class), a JVM shutdown
 * hook does the same for what remains, and every etcd runs under a tiny bash watchdog ({@code guard.sh}) that
 * SIGKILLs it and deletes its data dir within about a second once the parent JVM disappears (even after
 * {@code kill -9} of the JVM).
 *
 * <p>Several test JVMs may run etcd at once: ports are reserved with OS file locks under
 * {@code <tmp>/windlass-etcd-ports/} for a cluster's lifetime, and a start that still loses a port race retries on
 * fresh ports.
 */
package io.windlass.launcher;
