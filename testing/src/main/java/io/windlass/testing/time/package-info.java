/**
 * Virtual time for deterministic tests: a {@link io.windlass.testing.time.VirtualClock} that only moves when told, a
 * {@link io.windlass.testing.time.VirtualScheduler} whose timers fire when the test advances time (each at its own
 * instant, in time order), and a {@link io.windlass.testing.time.DeterministicExecutor} that runs queued work on the
 * test thread. Together they let a month of sleeps and retries run in milliseconds, reproducibly.
 */
package io.windlass.testing.time;
