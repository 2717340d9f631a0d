package io.windlass.testing.etcd;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts child processes that cannot outlive this JVM.
 *
 * <p>Each command runs under a small bash wrapper that forks a watchdog and then {@code exec}s the command, so the
 * returned {@link Process} <em>is</em> the command (same pid: signals, exit code and {@code waitFor} work directly).
 * The watchdog polls once a second; when the parent JVM is gone (its pid vanished or now belongs to another process,
 * compared by start time) it SIGKILLs the command — unless the command already exited (again checked by start time,
 * so a recycled pid is never hit). The watchdog exits on its own when the command exits.
 *
 * <p>Additionally every live process is registered here and a JVM shutdown hook SIGKILLs all that remain on a normal
 * JVM exit. Thread-safe.
 */
final class GuardedLauncher {
    /** bash: $1 = pid to watch; the rest = command. Reads /proc/PID/stat field 22 (start time) with builtins only. */
    static final String WRAPPER = String.join("\n",
            "st() { local s; { read -r s < \"/proc/$1/stat\"; } 2>/dev/null || return 1; s=${s##*) }; set -- $s; echo \"${20}\"; }",
            "parent=$1; shift",
            "pst=$(st \"$parent\") || exit 97",
            "me=$$; mst=$(st \"$me\")",
            "(",
            "  while [ \"$(st \"$parent\")\" = \"$pst\" ]; do",
            "    [ \"$(st \"$me\")\" = \"$mst\" ] || exit 0",
            "    sleep 1",
            "  done",
            "  [ \"$(st \"$me\")\" = \"$mst\" ] && kill -9 \"$me\"",
            ") </dev/null >/dev/null 2>&1 &",
            "exec \"$@\"");

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(GuardedLauncher::killAll, "windlass-etcd-reaper"));
    }

    private GuardedLauncher() {}

    /**
     * Starts {@code command} guarded by this JVM, env vars starting with {@code ETCD_} removed, stdin from /dev/null,
     * stdout and stderr appended to {@code log}.
     */
    static Process start(List<String> command, Path log) throws IOException {
        return start(command, log, ProcessHandle.current().pid());
    }

    /** As {@link #start(List, Path)} but watching {@code parentPid} instead of this JVM (used by tests). */
    static Process start(List<String> command, Path log, long parentPid) throws IOException {
        List<String> full = new ArrayList<>(List.of("bash", "-c", WRAPPER, "windlass-guard", Long.toString(parentPid)));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("ETCD_"));
        Process process = builder.start();
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        return process;
    }

    /** SIGKILLs {@code process} and waits up to {@code timeoutMillis} for it to exit; true if it is gone. */
    static boolean killAndWait(Process process, long timeoutMillis) throws InterruptedException {
        process.destroyForcibly();
        boolean gone = process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
        if (gone) {
            LIVE.remove(process);
        }
        return gone;
    }

    private static void killAll() {
        for (Process process : List.copyOf(LIVE)) {
            process.destroyForcibly();
        }
    }
}
