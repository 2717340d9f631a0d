package io.windlass.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One worker node (or any program) as a separate process, its stdout and stderr appended to
 * {@code <logDir>/<name>.out|err}: kill (SIGKILL), pause (SIGSTOP), resume (SIGCONT), graceful stop (SIGTERM), and
 * the lines it has written. Used by the system tests (fault suite) and the benchmarks. Not thread-safe: driven by
 * one thread. A JVM shutdown hook SIGKILLs it if the owner exits without {@link #close()}.
 */
public final class WorkerProcess implements AutoCloseable {
    private final String node;
    private final Path out;
    private final Path err;
    private final Process process;
    private final Thread reaper;
    private boolean paused;

    private WorkerProcess(String node, Path out, Path err, Process process) {
        this.node = node;
        this.out = out;
        this.err = err;
        this.process = process;
        this.reaper = new Thread(process::destroyForcibly, "windlass-worker-reaper-" + node);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code command} (e.g. from {@link #javaCommand}); logs go to {@code logDir/<name>.out|err}.
     *
     * @throws IllegalStateException if the process cannot be started
     */
    public static WorkerProcess start(String name, List<String> command, Path logDir) {
        return start(name, command, logDir, Map.of());
    }

    /**
     * Like {@link #start(String, List, Path)}, with {@code environment} added to (or replacing entries of) the
     * inherited environment — e.g. {@code LD_PRELOAD} and {@code FAKETIME_*} to run the child under libfaketime.
     */
    public static WorkerProcess start(String name, List<String> command, Path logDir,
                                      Map<String, String> environment) {
        try {
            Files.createDirectories(logDir);
            Path out = logDir.resolve(name + ".out");
            Path err = logDir.resolve(name + ".err");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
            pb.environment().keySet().removeIf(k -> k.startsWith("JAVA_TOOL") || k.startsWith("_JAVA"));
            pb.environment().putAll(environment);
            return new WorkerProcess(name, out, err, pb.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + e, e);
        }
    }

    /**
     * This JVM's class path for a child JVM, with the packaged jar {@code packagedJar} (e.g. {@code windlass-cli.jar},
     * which Failsafe puts on the path of its own module's tests) replaced by its sibling {@code classes} directory: the
     * jar's manifest would add {@code target/lib/*} a second time (duplicate classes on the child's class path).
     */
    public static String classPathReplacingJar(String packagedJar) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> e.endsWith(packagedJar) ? Path.of(e).resolveSibling("classes").toString() : e)
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** {@code <this JVM's java> <jvmOptions> -cp <classPath> <mainClass> <args>}. */
    public static List<String> javaCommand(List<String> jvmOptions, String classPath, String mainClass,
                                           List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath, mainClass));
        cmd.addAll(args);
        return cmd;
    }

    public String node() {
        return node;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public boolean isPaused() {
        return paused;
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() {
        resumeIfPaused();
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGSTOP: the JVM freezes with its sockets open (a long GC pause). */
    public void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT. */
    public void resume() {
        signal("CONT");
        paused = false;
    }

    /** SIGTERM (the worker's graceful shutdown: stop, persist, release, leave) and wait up to {@code timeout}. */
    public boolean stopGracefully(Duration timeout) {
        resumeIfPaused();
        process.destroy();
        return waitFor(timeout);
    }

    /** Exit code, or -1 while running. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** All lines the worker has written to stdout and stderr so far (stdout first). */
    public List<String> lines() {
        List<String> all = new ArrayList<>(read(out));
        all.addAll(read(err));
        return all;
    }

    /** Time stamps of the log lines containing every one of {@code parts} (slf4j-simple's ISO date first). */
    public List<Instant> timesOf(String... parts) {
        List<Instant> out = new ArrayList<>();
        for (String line : lines()) {
            if (Arrays.stream(parts).allMatch(line::contains)) {
                int space = line.indexOf(' ');
                try {
                    out.add(OffsetDateTime.parse(line.substring(0, Math.max(0, space))).toInstant());
                } catch (DateTimeParseException e) {
                    // not a time-stamped line (e.g. a stack trace): skip
                }
            }
        }
        return out;
    }

    /** The last {@code n} lines of stderr, for failure messages. */
    public String tail(int n) {
        List<String> e = read(err);
        return node + " (pid " + pid() + ", exit " + exitCode() + ") stderr tail:\n    "
                + String.join("\n    ", e.subList(Math.max(0, e.size() - n), e.size()));
    }

    private static List<String> read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of("<cannot read " + file + ": " + e + ">");
        }
    }

    private void resumeIfPaused() {
        if (paused && process.isAlive()) {
            resume();
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void signal(String sig) {
        if (!process.isAlive()) {
            throw new IllegalStateException(node + " is not running; cannot send SIG" + sig);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + sig + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** SIGKILLs the worker if it still runs (also a paused one); never throws. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                kill();
            }
        } catch (RuntimeException e) {
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
