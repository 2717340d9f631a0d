package io.windlass.statemachine.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.statemachine.TaskStateMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/state-diagram.md must equal the diagram generated from the code table. Run with
 * {@code -Dwindlass.updateDocs=true} to rewrite the file (then commit it).
 */
class StateDiagramTest {
    static final Path DIAGRAM = Path.of(System.getProperty("basedir", "."), "..", "docs", "state-diagram.md")
            .normalize();

    @Test
    void committedDiagramMatchesTheTable() throws IOException {
        String generated = StateDiagram.markdown(TaskStateMachine.standard().table());
        if (Boolean.getBoolean("windlass.updateDocs")) {
            Files.createDirectories(DIAGRAM.getParent());
            Files.writeString(DIAGRAM, generated, UTF_8);
        }
        assertThat(DIAGRAM).as("%s is missing; run this test with -Dwindlass.updateDocs=true", DIAGRAM).exists();
        assertThat(Files.readString(DIAGRAM, UTF_8))
                .as("%s is out of date with the transition table; run this test with -Dwindlass.updateDocs=true"
                        + " and commit the file", DIAGRAM)
                .isEqualTo(generated);
    }

    @Test
    void diagramHasEveryTableRowAndTheTerminalMarkers() {
        String md = StateDiagram.markdown(TaskStateMachine.standard().table());
        assertThat(md).contains("stateDiagram-v2", "[*] --> RUNNABLE", "FAULT --> FAILED : ERROR",
                "RUNNABLE --> RUNNABLE : RUN, CHECKPOINT, RELEASE", "COMPLETED --> [*]", "| FAULT | ERROR | FAILED |");
        TaskStateMachine.standard().table().forEach((from, row) -> row.forEach((cmd, to) ->
                assertThat(md).contains("| " + from + " | " + cmd + " | " + to + " |")));
    }
}
