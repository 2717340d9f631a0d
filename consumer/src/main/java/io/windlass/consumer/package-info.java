/**
 * The consumer: lifecycle and builder ({@link io.windlass.consumer.Consumer}), the control loop and one event loop
 * (mailbox) per claimed task.
 *
 * <p>Threading model. Every claimed task has a {@code TaskRunner}: a mailbox of events (claimed, command arrived,
 * timer fired, callback returned, write completed, claim lost, stop requested) drained one event at a time on the
 * event-loop executor; only it touches the task's state (its step engine: {@code RunnerSteps}). The node-level state (claims in flight, the ignore list,
 * frozen, shutdown) belongs to one control mailbox that receives the coordinator's events. Handler callbacks run on
 * the callback executor and come back as events; a sleeping or paused task holds no thread (sleeping is an entry in
 * the consumer's one wake-up heap, {@code WakeUps}, which arms the injected
 * {@link io.windlass.consumer.time.TaskScheduler} only for the earliest wake-up). Offered tasks are claimed through a
 * {@code ClaimPacer}: a bounded number of claims in flight, a fair-share cap and the load delay decided when each
 * claim is sent. Every state change is one fenced write through the
 * {@link io.windlass.consumer.spi.Coordinator}; a lost fence stops the task locally and is never retried.
 */
package io.windlass.consumer;
