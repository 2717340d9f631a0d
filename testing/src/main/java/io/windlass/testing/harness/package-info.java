/**
 * {@link io.windlass.testing.harness.TaskHarness}: unit-test task handlers on an in-memory cluster with virtual time.
 * The event loops run on the test thread, handler callbacks take turns with it (one thread at a time, so a handler
 * may wait on virtual time), and timers fire only when the test moves time, so a month of a task's sleeps and
 * retries runs in milliseconds and every run is reproducible.
 */
package io.windlass.testing.harness;
