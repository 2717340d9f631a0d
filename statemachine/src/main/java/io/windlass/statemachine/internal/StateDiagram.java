package io.windlass.statemachine.internal;

import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.StateCode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a transition table as docs/state-diagram.md (a Mermaid {@code stateDiagram-v2} plus the table as
 * Markdown). Deterministic: edges in state order, commands in command order. A test keeps the committed file equal
 * to this output.
 */
final class StateDiagram {
    private StateDiagram() {
    }

    static String markdown(Map<StateCode, Map<CommandKind, StateCode>> table) {
        StringBuilder md = new StringBuilder();
        md.append("# Task state diagram\n\n")
                .append("<!-- GENERATED from TaskStateMachine.standard().table() by StateDiagramTest: do not edit.\n")
                .append("     Regenerate: mvn -B -q -pl statemachine verify -Dtest=StateDiagramTest"
                        + " -Dsurefire.failIfNoSpecifiedTests=false -Dwindlass.updateDocs=true -->\n\n")
                .append("A new task starts in RUNNABLE (version 0). Terminal states (COMPLETED, FAILED, KILLED) accept no")
                .append(" command.\nAn edge label lists the commands that take that edge. Any command not listed for a")
                .append(" state is\nrejected with an explicit reason (`Outcome.Rejected`), never silently ignored.\n\n")
                .append("```mermaid\nstateDiagram-v2\n")
                .append("    [*] --> RUNNABLE : submit\n");
        for (StateCode from : StateCode.values()) {
            Map<StateCode, List<CommandKind>> byTarget = new EnumMap<>(StateCode.class);
            table.get(from).forEach((cmd, to) -> byTarget.computeIfAbsent(to, k -> new ArrayList<>()).add(cmd));
            byTarget.forEach((to, cmds) -> md.append("    ").append(from).append(" --> ").append(to).append(" : ")
                    .append(String.join(", ", cmds.stream().map(Enum::name).toList())).append('\n'));
        }
        for (StateCode s : StateCode.values()) {
            if (s.terminal()) {
                md.append("    ").append(s).append(" --> [*]\n");
            }
        }
        md.append("```\n\n## Transition table\n\n| from | command | to |\n|---|---|---|\n");
        for (StateCode from : StateCode.values()) {
            if (table.get(from).isEmpty()) {
                md.append("| ").append(from).append(" | (none: terminal) | |\n");
            }
            table.get(from).forEach((cmd, to) ->
                    md.append("| ").append(from).append(" | ").append(cmd).append(" | ").append(to).append(" |\n"));
        }
        md.append("\nEffects besides the state code (see `TaskStateMachine.apply`): every applied command increments")
                .append(" `version`;\n`SLEEP` sets `until` (replacing it while SLEEPING); CHECKPOINT and RELEASE keep")
                .append(" `until` while SLEEPING;\nleaving SLEEPING clears `until`; `ERROR` appends its error to")
                .append(" `errors`; checkpoint `data` is carried over unchanged.\n");
        return md.toString();
    }
}
