package io.windlass.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.spi.TaskCommand;
import io.windlass.statemachine.Command;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PendingCommandsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void keepsArrivalOrderAndDropsSecondDeliveries() {
        PendingCommands p = new PendingCommands();
        assertThat(p.offer(new TaskCommand("c1", Command.pause(), T0))).isTrue();
        assertThat(p.offer(new TaskCommand("c2", Command.run(), T0))).isTrue();
        assertThat(p.offer(new TaskCommand("c1", Command.pause(), T0))).isFalse();
        assertThat(p.poll().id()).isEqualTo("c1");
        assertThat(p.offer(new TaskCommand("c1", Command.pause(), T0))).as("applied ids stay known").isFalse();
        assertThat(p.drain()).extracting(TaskCommand::id).containsExactly("c2");
        assertThat(p.isEmpty()).isTrue();
    }

    @Test
    void remembersABoundedNumberOfIds() {
        PendingCommands p = new PendingCommands();
        for (int i = 0; i <= PendingCommands.REMEMBERED; i++) {
            p.offer(new TaskCommand("c" + i, Command.run(), T0));
        }
        assertThat(p.size()).isEqualTo(PendingCommands.REMEMBERED + 1);
        assertThat(p.offer(new TaskCommand("c0", Command.run(), T0))).as("oldest id forgotten").isTrue();
        assertThat(p.offer(new TaskCommand("c5", Command.run(), T0))).isFalse();
    }
}
