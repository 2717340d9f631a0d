/**
 * {@link io.windlass.testing.harness.TaskHarness}: unit-test task handlers on an in-memory cluster with virtual time.
 * Every executor runs on the test thread and timers fire only when the test moves time, so a month of a task's
 * sleeps and retries runs in milliseconds and every run is reproducible.
 */
package io.windlass.testing.harness;
