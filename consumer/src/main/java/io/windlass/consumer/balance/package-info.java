/**
 * The balancer SPI and the fair and resource balancers, and the claim-pacing decision ({@link
 * io.windlass.consumer.balance.ClaimPacing}): pure decisions from counts and {@code now}.
 */
package io.windlass.consumer.balance;
