package io.windlass.bench;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.TaskState;
import java.time.Instant;

/**
 * What a {@link BenchNode}'s tasks do: the bench "handler" plus measurement hooks. Called on the node's mailbox thread
 * (implementations that collect results must be thread-safe towards the benchmark thread reading them).
 */
interface Behaviour {

    /** The first command right after a claim, or null to react to the stored state as usual. */
    default Command onClaimed(Slot slot, Instant now) {
        return null;
    }

    /** The handler: the command for a Runnable task, or null to leave it Runnable and idle. */
    default Command onRunnable(Slot slot, Instant now) {
        return null;
    }

    /** A write of {@code slot} committed ({@code before} = the state it replaced; {@code slot.stored} the new one). */
    default void committed(BenchNode node, Slot slot, TaskState before, Instant now, long writeNanos) {
    }

    /** The wake-up timer of a Sleeping task fired at {@code now} for {@code until}. */
    default void timerFired(Slot slot, Instant until, Instant now) {
    }
}
