/**
 * {@code windlass worker}: a long-running consumer node on etcd with the example handlers, stopped gracefully on
 * SIGTERM/SIGINT, logging one structured line per stored transition.
 */
package io.windlass.cli.worker;
