package io.windlass.consumer.balance;

/** Placeholder: the balancer SPI is defined in the consumer issue. */
public interface Balancer {
}
