/** The balancer SPI and the fair and resource balancers: pure decisions from counts and {@code now}. */
package io.windlass.consumer.balance;
