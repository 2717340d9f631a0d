/**
 * The task finite state machine: {@link io.windlass.statemachine.StateCode states},
 * {@link io.windlass.statemachine.Command commands}, {@link io.windlass.statemachine.TaskState the persisted state},
 * the transition table ({@link io.windlass.statemachine.TaskStateMachine}), error policies and the exception root.
 * Pure code: no I/O, no threads; time is passed in as {@code now}.
 */
package io.windlass.statemachine;
