package io.windlass.launcher;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts child processes that cannot outlive this JVM.
 *
 * <p>Each command runs under a small bash wrapper (our direct child) that starts the command as ITS child, prints
 * the command's pid, and then waits for it while checking once a second that the parent JVM still exists (by pid
 * and start time, so a recycled pid does not fool it). If the JVM is gone — even after {@code kill -9} — the wrapper
 * SIGKILLs the command and deletes the directory it was given (a member's dir: ~128 MB of WAL). The wrapper also
 * relays our controls (SIGTERM = SIGKILL the command and exit, SIGUSR1 = SIGSTOP it, SIGUSR2 = SIGCONT it), so we
 * never signal a pid that might already have been reaped and reused, and it reaps everything it started (this
 * machine's init does not reap orphans). It exits with the command's exit status.
 *
 * <p>Every live wrapper is also registered for a JVM shutdown hook that stops them on a normal JVM exit. Thread-safe.
 */
final class GuardedLauncher {
    /** The wrapper script, {@code guard.sh} next to this class (its header documents the protocol). */
    static final String WRAPPER = loadWrapper();

    private static final Duration PID_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<Guarded> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(GuardedLauncher::stopAll, "windlass-etcd-reaper"));
    }

    private GuardedLauncher() {}

    private static String loadWrapper() {
        try (InputStream in = GuardedLauncher.class.getResourceAsStream("guard.sh")) {
            if (in == null) {
                throw new IllegalStateException("guard.sh missing next to " + GuardedLauncher.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read guard.sh", e);
        }
    }

    /** A guarded command: the wrapper process and the command's own pid. */
    record Guarded(Process wrapper, long pid) {
        boolean isAlive() {
            return wrapper.isAlive();
        }

        /** SIGKILLs the command (through the wrapper) and waits up to {@code timeout}; true if both are gone. */
        boolean kill(Duration timeout) throws InterruptedException {
            wrapper.destroy(); // SIGTERM: the wrapper's trap SIGKILLs and reaps the command
            if (!wrapper.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // wrapper stuck: command still ours
                wrapper.destroyForcibly();
                return wrapper.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return true;
        }

        /** Relays SIGSTOP ({@code stop=true}) or SIGCONT to the command. */
        void signalStop(boolean stop) {
            if (!wrapper.isAlive()) {
                throw new WindlassException(ErrorCode.ILLEGAL_STATE, "process " + pid + " is not running");
            }
            String signal = stop ? "-USR1" : "-USR2";
            try {
                Process kill = new ProcessBuilder("kill", signal, Long.toString(wrapper.pid()))
                        .redirectErrorStream(true).start();
                if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                    kill.destroyForcibly();
                    throw new WindlassException(ErrorCode.INTERNAL, "kill " + signal + " " + wrapper.pid() + " failed");
                }
            } catch (IOException e) {
                throw new WindlassException(ErrorCode.INTERNAL, "cannot run kill: " + e, e);
            } catch (InterruptedException e) {
                throw EtcdHttp.interrupted(e);
            }
        }
    }

    /**
     * Starts {@code command} guarded by this JVM, with env vars starting with {@code ETCD_} removed, stdin from
     * /dev/null, and stdout and stderr appended to {@code log}. If this JVM dies, the wrapper kills the command and
     * deletes {@code orphanDir} (if not null) and then its parent dir if that is empty.
     */
    static Guarded start(List<String> command, Path log, Path orphanDir) throws IOException {
        return start(command, log, orphanDir, ProcessHandle.current().pid());
    }

    /** As {@link #start(List, Path, Path)} but watching {@code parentPid} instead of this JVM (used by tests). */
    static Guarded start(List<String> command, Path log, Path orphanDir, long parentPid) throws IOException {
        String dir = orphanDir == null ? "" : orphanDir.toAbsolutePath().toString();
        List<String> full = new ArrayList<>(List.of("bash", "-c", WRAPPER, "windlass-guard",
                Long.toString(parentPid), dir));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("ETCD_"));
        Process wrapper = builder.start();
        Guarded guarded;
        try {
            guarded = new Guarded(wrapper, readPid(wrapper));
        } catch (IOException | RuntimeException e) {
            wrapper.destroy();
            throw e;
        }
        LIVE.add(guarded);
        wrapper.onExit().thenRun(() -> LIVE.remove(guarded));
        return guarded;
    }

    /** Reads the command's pid, the wrapper's first line of stdout, waiting at most {@link #PID_TIMEOUT}. */
    private static long readPid(Process wrapper) throws IOException {
        long deadline = System.nanoTime() + PID_TIMEOUT.toNanos();
        StringBuilder line = new StringBuilder();
        try (InputStream in = wrapper.getInputStream()) {
            while (System.nanoTime() - deadline < 0) {
                if (in.available() > 0) {
                    int c = in.read();
                    if (c == '\n') {
                        return Long.parseLong(line.toString().trim());
                    }
                    line.append((char) c);
                } else if (!wrapper.isAlive()) {
                    throw new IOException("the launch wrapper exited with " + wrapper.exitValue()
                            + " before reporting a pid");
                } else {
                    EtcdProcess.sleep(Duration.ofMillis(2));
                }
            }
        } catch (NumberFormatException e) {
            throw new IOException("the launch wrapper printed no pid: " + line, e);
        }
        throw new IOException("the launch wrapper reported no pid within " + PID_TIMEOUT + "; got '" + line + "'");
    }

    private static void stopAll() {
        List<Guarded> all = List.copyOf(LIVE);
        all.forEach(guarded -> guarded.wrapper().destroy());
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        for (Guarded guarded : all) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!guarded.wrapper().waitFor(left, TimeUnit.NANOSECONDS)) {
                    ProcessHandle.of(guarded.pid()).ifPresent(ProcessHandle::destroyForcibly);
                    guarded.wrapper().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
