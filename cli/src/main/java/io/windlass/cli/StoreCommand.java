package io.windlass.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that talk to the store: opens a {@link Connection} from the common options, runs the command,
 * closes the connection. Failures propagate as WindlassExceptions to {@link ErrorReporter}.
 */
abstract class StoreCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @ParentCommand
    WindlassCli root;

    @Override
    public final Integer call() {
        validate();
        try (Connection c = root.connections().open(connection.etcd(), connection.namespace(), connection.timeout(),
                connection.security())) {
            return run(c, new Printer(spec.commandLine().getOut(), output.json()));
        }
    }

    /** Checks the arguments before connecting (throws INVALID_ARGUMENT); does nothing by default. */
    void validate() {
    }

    /** Runs the command on an open connection; returns the exit code. */
    abstract int run(Connection connection, Printer out);
}
