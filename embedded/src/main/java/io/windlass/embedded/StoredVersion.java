package io.windlass.embedded;

import io.windlass.consumer.spi.StoredState;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of a task's state, as kept by {@link InMemoryCluster#history}.
 *
 * @param at    when it was stored (the cluster scheduler's clock)
 * @param state the stored state with its revision and writer
 */
public record StoredVersion(Instant at, StoredState state) {
    public StoredVersion {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(state, "state");
    }
}
