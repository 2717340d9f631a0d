package io.windlass.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.consumer.spi.StoredState;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.codec.WireCodec;
import java.time.Instant;

/**
 * Decodes the value of an etcd state key as documented in docs/etcd-layout.md:
 * {@code {"fence":12,"node":"n1","updated":"...","state":{...wire state...}}}. Used by the watch stream only.
 */
final class StateValues {
    private StateValues() {
    }

    /** The stored state, or null when the bytes are not a decodable state value (the watch shows it as unknown). */
    static StoredState decodeOrNull(byte[] raw, long revision) {
        try {
            WireCodec codec = WireCodec.standard();
            JsonNode n = codec.parse(raw);
            TaskState state = codec.stateFromJson(n.get("state"), raw);
            return new StoredState(state, revision, n.path("node").asText(""), n.path("fence").asLong(0),
                    Instant.parse(n.path("updated").asText()));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
