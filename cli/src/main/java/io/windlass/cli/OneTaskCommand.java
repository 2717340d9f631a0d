package io.windlass.cli;

import io.windlass.consumer.spi.TaskRecord;
import picocli.CommandLine.Parameters;

/**
 * Base of the store commands about one task given by its id ({@code show ID}, {@code delete ID}, {@code history ID}):
 * the id is checked before connecting (INVALID_ARGUMENT, exit 1, for a malformed id).
 */
abstract class OneTaskCommand extends StoreCommand {
    @Parameters(paramLabel = "ID", description = "the task id")
    String id;

    @Override
    final void validate() {
        TaskRecord.requireValidId(id);
    }
}
