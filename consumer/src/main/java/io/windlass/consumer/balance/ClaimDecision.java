package io.windlass.consumer.balance;

import java.util.Objects;

/**
 * A balancer's answer to "may this node claim that task now?".
 *
 * @param allowed   true: claim now
 * @param notBefore when denied: the earliest time to ask again, or null for "ask again after the consumer's claim
 *                  retry interval"
 * @param reason    why it was denied (logged), or "" when allowed
 */
public record ClaimDecision(boolean allowed, java.time.Instant notBefore, String reason) {
    private static final ClaimDecision CLAIM = new ClaimDecision(true, null, "");

    public ClaimDecision {
        Objects.requireNonNull(reason, "reason");
        if (allowed && notBefore != null) {
            throw new IllegalArgumentException("an allowed claim has no notBefore");
        }
    }

    public static ClaimDecision claim() {
        return CLAIM;
    }

    /** Do not claim before {@code at}; the consumer re-offers the task to itself then. */
    public static ClaimDecision notBefore(java.time.Instant at, String reason) {
        return new ClaimDecision(false, Objects.requireNonNull(at, "at"), reason);
    }

    /** Do not claim now; the consumer asks again after its claim retry interval. */
    public static ClaimDecision deny(String reason) {
        return new ClaimDecision(false, null, reason);
    }
}
