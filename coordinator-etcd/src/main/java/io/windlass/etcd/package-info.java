/**
 * The etcd implementation of the coordinator SPI ({@link io.windlass.etcd.EtcdCoordinator}) and of the client API
 * ({@link io.windlass.etcd.EtcdTaskClient}), built on jetcd.
 *
 * <p>Key layout: see {@code docs/etcd-layout.md}. Ownership: one lease per node; a claim key on that lease whose
 * create revision is the task's fence; every owner write is a txn guarded on that fence, batched by a per-node
 * group committer into nested txns. Watches are hints (list, then watch from the list's revision + 1; re-list on
 * compaction); correctness comes from the guarded txns. Every etcd call carries a timeout, and txns are never
 * retried automatically (a timed-out txn is resolved by re-reading).
 *
 * <p>Only the public types ({@code EtcdConnection} with its TLS/auth builder, {@code EtcdCoordinator},
 * {@code EtcdTaskClient}, {@code EtcdCoordinatorSettings}, {@code EtcdClients}, {@code TaskHistory},
 * {@code NamespaceRole}) are API; everything else here is package-private. Security: docs/security.md.
 */
package io.windlass.etcd;
