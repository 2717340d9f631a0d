/**
 * The coordinator contract: {@link io.windlass.testing.contract.CoordinatorContract}, an abstract JUnit 5 suite every
 * {@link io.windlass.consumer.spi.Coordinator} implementation must pass (claim exclusivity, fence monotonicity, fenced
 * and idempotent writes, command order, finished tasks, node registry, node commands). Subclass it with hooks that
 * create coordinators and a client on a fresh namespace; the in-memory coordinator runs it in this module's tests, the
 * etcd coordinator in its own. {@link io.windlass.testing.contract.RecordingListener} records coordinator events for
 * such tests.
 */
package io.windlass.testing.contract;
