/**
 * The coordinator SPI: what the engine needs from a shared store (claims with fence tokens, fenced writes, ordered
 * commands, node registry) and the events it receives. Implemented for etcd and in memory. Also small helpers that
 * the engine and its coordinators share: {@link io.windlass.consumer.spi.DaemonThreads} and
 * {@link io.windlass.consumer.spi.Failures}.
 */
package io.windlass.consumer.spi;
