/**
 * The coordinator SPI: what the engine needs from a shared store (claims with fence tokens, fenced writes, ordered
 * commands, node registry) and the events it receives. Implemented for etcd and in memory.
 */
package io.windlass.consumer.spi;
