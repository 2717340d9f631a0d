/**
 * The consumer: lifecycle and builder ({@link io.windlass.consumer.Consumer}), the control loop and one event loop
 * (mailbox) per claimed task.
 *
 * <p>Threading model. Every claimed task has a {@code TaskRunner}: a mailbox of events (claimed, command arrived,
 * timer fired, callback returned, write completed, claim lost, stop requested) drained one event at a time on the
 * event-loop executor; only it touches the task's state. The node-level state (claims in flight, the ignore list,
 * frozen, shutdown) belongs to one control mailbox that receives the coordinator's events. Handler callbacks run on
 * the callback executor and come back as events; a sleeping or paused task holds no thread (sleeping is a timer on
 * the injected {@link io.windlass.consumer.time.TaskScheduler}). Every state change is one fenced write through the
 * {@link io.windlass.consumer.spi.Coordinator}; a lost fence stops the task locally and is never retried.
 */
package io.windlass.consumer;
