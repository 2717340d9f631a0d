package io.windlass.statemachine.internal;

import io.windlass.statemachine.codec.WireCodec;

/** Placeholder: implemented in the statemachine issue. */
public final class JacksonWireCodec {
    public static final WireCodec INSTANCE = null;

    private JacksonWireCodec() {
    }
}
