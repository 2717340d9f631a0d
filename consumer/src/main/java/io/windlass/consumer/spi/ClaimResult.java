package io.windlass.consumer.spi;

/** The answer to {@link Coordinator#claim}. */
public sealed interface ClaimResult permits ClaimResult.Claimed, ClaimResult.NotClaimed {

    record Claimed(Claim claim) implements ClaimResult {
    }

    /** Someone else owns it, it is finished, deleted, quarantined, or this node may not claim now. */
    record NotClaimed(String taskId, String reason) implements ClaimResult {
    }
}
