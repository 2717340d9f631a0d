package io.windlass.statemachine.handler;

import java.util.Set;

/**
 * Task type → handler. Immutable once built; validated at registration (type names, duplicate types, props type).
 *
 * <pre>{@code
 * HandlerRegistry registry = HandlerRegistry.builder()
 *     .register("counter", new CounterHandler())
 *     .build();
 * }</pre>
 */
public interface HandlerRegistry {

    /** The handler for {@code type}; throws WindlassException(UNKNOWN_TASK_TYPE) naming the known types. */
    TaskHandler<?> handler(String type);

    Set<String> types();

    /**
     * Decodes and validates {@code props} for {@code type}; throws UNKNOWN_TASK_TYPE or INVALID_ARGUMENT (naming the
     * task type and what is wrong). Used by clients at submit time and by the consumer at claim time.
     * Absent props ({@code null}, JSON null or missing) decode like an empty object {@code {}}; a props type of
     * {@code Void} accepts only absent or empty props and returns null; {@code JsonNode} returns a copy of the JSON.
     * Unknown properties are ignored.
     */
    Object decodeProps(String type, com.fasterxml.jackson.databind.JsonNode props);

    static Builder builder() {
        return io.windlass.statemachine.internal.DefaultHandlerRegistry.builder();
    }

    interface Builder {
        /**
         * Registers a handler. Type names match {@code [a-z0-9][a-z0-9._-]{0,63}}; a duplicate type or a null
         * props type throws INVALID_ARGUMENT.
         */
        Builder register(String type, TaskHandler<?> handler);

        HandlerRegistry build();
    }
}
