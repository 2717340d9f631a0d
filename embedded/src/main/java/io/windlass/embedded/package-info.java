/**
 * An in-memory stand-in for the etcd store: one {@link io.windlass.embedded.InMemoryCluster} per namespace
 * holds tasks, states (with an etcd-like revision counter), claims with fence tokens, ordered commands, the node
 * registry and node commands. Several consumers share one cluster through their own
 * {@link io.windlass.consumer.spi.Coordinator}s, so multi-node behaviour (claim races, balancing, crashed nodes whose
 * claims expire on virtual time) is testable in one JVM. Test hooks simulate crashes, lease expiry, partitions and
 * corrupt stored bytes. It follows the etcd coordinator's semantics (see the coordinator contract suite in
 * {@code io.windlass.testing.contract}); it is also the demo's embedded default.
 */
package io.windlass.embedded;
