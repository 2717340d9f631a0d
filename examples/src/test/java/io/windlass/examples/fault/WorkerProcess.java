package io.windlass.examples.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One worker node as a separate JVM: {@code java -cp <test class path> WindlassCli worker --etcd URL --namespace NS
 * --node NAME --lease-ttl T ...}, with stdout and stderr captured to files. Kill (SIGKILL), pause (SIGSTOP),
 * resume (SIGCONT) and graceful stop (SIGTERM). Not thread-safe: driven by the test thread.
 */
final class WorkerProcess implements AutoCloseable {
    private final String node;
    private final Path out;
    private final Path err;
    private final Process process;
    private boolean paused;

    private WorkerProcess(String node, Path out, Path err, Process process) {
        this.node = node;
        this.out = out;
        this.err = err;
        this.process = process;
    }

    /** Launches a worker; {@code extra} are further CLI options. Logs go to {@code logDir/<node>.out|err}. */
    static WorkerProcess start(String node, String etcd, String namespace, Duration leaseTtl, Path logDir,
                               List<String> extra) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
                "-Dorg.slf4j.simpleLogger.log.io.windlass.etcd=info",
                "-cp", classPath(),
                "io.windlass.examples.cli.WindlassCli", "worker",
                "--etcd", etcd, "--namespace", namespace, "--node", node,
                "--lease-ttl", leaseTtl.toSeconds() + "s"));
        cmd.addAll(extra);
        try {
            Files.createDirectories(logDir);
            Path out = logDir.resolve(node + ".out");
            Path err = logDir.resolve(node + ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
            pb.environment().keySet().removeIf(k -> k.startsWith("JAVA_TOOL") || k.startsWith("_JAVA"));
            return new WorkerProcess(node, out, err, pb.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start worker " + node + ": " + e, e);
        }
    }

    /**
     * The test JVM's class path, with Failsafe's packaged examples jar replaced by its classes directory: the jar's
     * manifest would add {@code target/lib/*} a second time (duplicate classes on the worker's class path).
     */
    static String classPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> e.endsWith("windlass-examples.jar") ? Path.of(e).resolveSibling("classes").toString() : e)
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    String node() {
        return node;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    boolean isPaused() {
        return paused;
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() {
        resumeIfPaused();
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGSTOP: the JVM freezes with its sockets open (a long GC pause). */
    void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT. */
    void resume() {
        signal("CONT");
        paused = false;
    }

    /** SIGTERM (the worker's graceful shutdown: stop, persist, release, leave) and wait up to {@code timeout}. */
    boolean stopGracefully(Duration timeout) {
        resumeIfPaused();
        process.destroy();
        return waitFor(timeout);
    }

    /** Exit code, or -1 while running. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** All lines the worker has written to stdout and stderr so far (stdout first). */
    List<String> lines() {
        List<String> all = new ArrayList<>(read(out));
        all.addAll(read(err));
        return all;
    }

    /** The worker's parsed log. */
    WorkerLog log() {
        return WorkerLog.parse(node, lines());
    }

    /** Time stamps of the log lines containing every one of {@code parts} (slf4j-simple's ISO date first). */
    List<Instant> timesOf(String... parts) {
        List<Instant> out = new ArrayList<>();
        for (String line : lines()) {
            if (java.util.Arrays.stream(parts).allMatch(line::contains)) {
                int space = line.indexOf(' ');
                try {
                    out.add(java.time.OffsetDateTime.parse(line.substring(0, Math.max(0, space))).toInstant());
                } catch (java.time.format.DateTimeParseException e) {
                    // not a time-stamped line (e.g. a stack trace): skip
                }
            }
        }
        return out;
    }

    /** The last {@code n} lines of stderr, for failure messages. */
    String tail(int n) {
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
            throw new IllegalStateException("worker " + node + " is not running; cannot send SIG" + sig);
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
    }
}
