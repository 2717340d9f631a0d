/**
 * {@code windlass demo}: several consumer nodes in one JVM on the embedded in-memory coordinator (or on etcd), a mix
 * of example tasks, a live view, and a scripted tour (pause and run, kill, a node leaving, a node joining and a
 * rebalance) that ends with a summary.
 */
package io.windlass.cli.demo;
