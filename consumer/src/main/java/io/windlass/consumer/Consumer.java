package io.windlass.consumer;

/** Placeholder: the consumer engine is built in the consumer issue. */
public interface Consumer {
}
