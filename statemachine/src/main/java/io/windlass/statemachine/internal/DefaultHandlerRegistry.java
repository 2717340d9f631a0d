package io.windlass.statemachine.internal;

import io.windlass.statemachine.handler.HandlerRegistry;

/** Placeholder: implemented in the statemachine issue. */
public final class DefaultHandlerRegistry {
    private DefaultHandlerRegistry() {
    }

    public static HandlerRegistry.Builder builder() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
