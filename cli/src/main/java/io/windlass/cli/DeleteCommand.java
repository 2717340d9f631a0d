package io.windlass.cli;

import io.windlass.cli.support.Json;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import picocli.CommandLine.Command;

/** {@code delete ID}: removes a task, its state, claim and pending commands. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a task with its state, claim and pending commands (exit 2 if it does not exist).")
final class DeleteCommand extends OneTaskCommand {
    @Override
    int run(Connection connection, Printer out) {
        if (!connection.client().delete(id)) {
            throw new WindlassException(ErrorCode.TASK_NOT_FOUND, "task " + id + " does not exist");
        }
        if (out.json()) {
            out.document(Json.object().put("deleted", id));
        } else {
            out.line("deleted " + id);
        }
        return ExitCodes.OK;
    }
}
