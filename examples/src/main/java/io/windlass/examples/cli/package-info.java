/**
 * The {@code windlass} command line (picocli): one small class per subcommand. Commands that talk to etcd extend
 * {@link io.windlass.examples.cli.StoreCommand} and reach the store through a
 * {@link io.windlass.examples.cli.Connection}; failures are WindlassExceptions that
 * {@link io.windlass.examples.cli.ErrorReporter} turns into one clear line (or a JSON error with {@code --json}) and
 * an exit code from {@link io.windlass.examples.cli.ExitCodes}.
 */
package io.windlass.examples.cli;
