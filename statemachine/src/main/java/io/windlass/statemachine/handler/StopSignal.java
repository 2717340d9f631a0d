package io.windlass.statemachine.handler;

import io.windlass.statemachine.Command;
import java.time.Duration;
import java.util.Optional;

/**
 * Tells a running callback that a command arrived which stops the current step (Pause, Kill, Release, Sleep, or
 * consumer shutdown). Stopping is cooperative: the callback checks {@link #requested()} or waits with {@link #await}.
 */
public interface StopSignal {

    boolean requested();

    /** The command that asked for the stop, if one did (empty for a consumer shutdown or before any request). */
    Optional<Command> reason();

    /**
     * Waits until a stop is requested or {@code timeout} passes (measured by the consumer's clock: on a virtual clock
     * this returns when virtual time has advanced past it).
     *
     * @return true if a stop was requested
     * @throws InterruptedException if the thread is interrupted (the flag is cleared, as usual)
     */
    boolean await(Duration timeout) throws InterruptedException;
}
