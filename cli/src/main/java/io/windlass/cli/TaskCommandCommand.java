package io.windlass.cli;

import io.windlass.consumer.spi.TaskRecord;
import io.windlass.examples.support.Durations;
import io.windlass.cli.support.Json;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code command ID run|pause|kill|release|checkpoint|sleep (--until T | --for D)}: sends a command to a task. */
@picocli.CommandLine.Command(name = "command", mixinStandardHelpOptions = true,
        header = "Send a command to a task (run, pause, kill, release, checkpoint, sleep).",
        description = {"Send a command to a task. It is checked against the task's state first (exit 2 if illegal",
                "or the task is finished) and applied in order by the task's owner (or when one claims it)."})
final class TaskCommandCommand extends StoreCommand {
    enum Action { run, pause, kill, release, checkpoint, sleep }

    @Parameters(index = "0", paramLabel = "ID", description = "the task id")
    String id;

    @Parameters(index = "1", paramLabel = "ACTION", description = "${COMPLETION-CANDIDATES}")
    Action action;

    @ArgGroup(exclusive = true)
    Wake wake;

    @Option(names = "--command-id", paramLabel = "ID", description = {"your own id for this command: running the",
            "same command again with the same id (a retry) stores and applies it once"})
    String commandId;

    static final class Wake {
        @Option(names = "--until", paramLabel = "INSTANT", description = "sleep until, ISO-8601 (2030-01-01T00:00:00Z)")
        String until;

        @Option(names = "--for", paramLabel = "DURATION", description = "sleep for, e.g. 30s, 5m, PT1H")
        String duration;
    }

    private Command command;

    @Override
    void validate() {
        TaskRecord.requireValidId(id);
        if (action != Action.sleep && wake != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--until/--for only go with 'sleep'");
        }
        command = switch (action) {
            case run -> Command.run();
            case pause -> Command.pause();
            case kill -> Command.kill();
            case release -> Command.release();
            case checkpoint -> Command.checkpoint();
            case sleep -> Command.sleepUntil(wakeTime());
        };
    }

    private Instant wakeTime() {
        if (wake == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "'sleep' needs --until INSTANT or --for DURATION");
        }
        if (wake.until != null) {
            try {
                return Instant.parse(wake.until);
            } catch (DateTimeParseException e) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                        "--until '" + wake.until + "' is not an ISO-8601 instant like 2030-01-01T00:00:00Z");
            }
        }
        return Clock.systemUTC().instant().plus(Durations.parse(wake.duration));
    }

    @Override
    int run(Connection connection, Printer out) {
        String commandId = this.commandId != null ? connection.client().command(id, command, this.commandId)
                : connection.client().command(id, command);
        if (out.json()) {
            out.document(Json.object().put("id", id).put("commandId", commandId).set("command", Views.command(command)));
        } else {
            out.line("sent " + Views.text(command) + " to " + id + " (command " + commandId + ")");
        }
        return ExitCodes.OK;
    }
}
