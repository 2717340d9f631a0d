package io.windlass.examples.bench;

import io.windlass.examples.cli.WindlassCli;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code windlass worker} (a consumer node with the example handlers) as a separate JVM on this JVM's classpath, its
 * output in a temp file. {@link #kill()} is {@code kill -9}. Closing kills it if still alive and deletes the log; a
 * shutdown hook kills it if this JVM exits first.
 */
final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final Thread reaper;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        // also when the benchmark JVM is stopped (SIGTERM/Ctrl-C) before close() runs: no orphaned worker
        this.reaper = new Thread(process::destroyForcibly, "bench-worker-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    static WorkerProcess start(String etcd, String namespace, String node, Duration leaseTtl) {
        Path log = null;
        try {
            log = Files.createTempFile("windlass-bench-worker-", ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    WindlassCli.class.getName(), "worker", "--etcd", etcd, "--namespace", namespace, "--node", node,
                    "--lease-ttl", leaseTtl.toSeconds() + "s"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new WorkerProcess(p, log);
        } catch (IOException e) {
            deleteQuietly(log);
            throw new WindlassException(ErrorCode.UNAVAILABLE, "cannot start a worker process: " + e, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the worker's output (for error messages). */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        deleteQuietly(log);
    }

    private static void deleteQuietly(Path path) {
        try {
            if (path != null) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temp file
        }
    }
}
