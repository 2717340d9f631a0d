/** The consumer: lifecycle, builder, one event loop (mailbox) per claimed task. */
package io.windlass.consumer;
