/**
 * The {@code windlass} command line (picocli): one small class per subcommand. Commands that talk to etcd extend
 * {@link io.windlass.cli.StoreCommand} and reach the store through a
 * {@link io.windlass.cli.Connection}; failures are WindlassExceptions that
 * {@link io.windlass.cli.ErrorReporter} turns into one clear line (or a JSON error with {@code --json}) and
 * an exit code from {@link io.windlass.cli.ExitCodes}.
 */
package io.windlass.cli;
