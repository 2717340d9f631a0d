package io.windlass.testing.harness.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Duration;
import java.time.Instant;

/** The long-running (Metafora-style) example of docs/testing-your-handlers.md, kept compiling and passing. */
public final class TailHandler implements TaskHandler<Void> {

    @Override
    public Class<Void> propsType() {
        return Void.class;
    }

    @Override
    public Command onRunnable(TaskContext<Void> ctx) throws InterruptedException {
        long offset = ctx.data() == null ? 0 : ctx.data().get("offset").asLong();
        Instant nextSave = ctx.now().plusSeconds(1);
        while (!ctx.stop().await(Duration.ofMillis(100))) { // the next poll in 100 ms, or a stop at once
            offset++;                                        // read one record of the feed
            if (!ctx.now().isBefore(nextSave)) {
                ctx.checkpointNow(position(offset));         // stored now (fenced); the loop goes on
                nextSave = ctx.now().plusSeconds(1);
            }
        }
        ctx.checkpoint(position(offset));                    // the exact offset, stored with the result...
        return Command.checkpoint();                         // ...then the Pause/Kill/Release that stopped it
    }

    private static JsonNode position(long offset) {
        return JsonNodeFactory.instance.objectNode().put("offset", offset);
    }
}
