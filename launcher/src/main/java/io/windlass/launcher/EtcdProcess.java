package io.windlass.launcher;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One etcd member: a fixed command line (same data dir and ports on every run) and the current process, if any.
 * Methods are synchronized: any test thread may call them; they block until the effect is observable.
 */
final class EtcdProcess implements EtcdMember {
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final String RUN_MARKER = "=== windlass: starting etcd member ";
    private static final int MAX_LOG_READ = 256 * 1024;
    private static final int HEAD_LINES = 5;
    private static final int TAIL_LINES = 15;

    private final int index;
    private final String name;
    private final String clientScheme;
    private final int clientPort;
    private final int peerPort;
    private final Path dataDir;
    private final Path log;
    private final List<String> command;
    private final Duration restartTimeout;
    private final EtcdHttp http;
    private final List<Long> startedPids = new ArrayList<>();
    private GuardedLauncher.Guarded process;
    private volatile String memberId = "";
    private boolean paused;

    EtcdProcess(int index, String clientScheme, int clientPort, int peerPort, Path dataDir, Path log,
            List<String> command, Duration restartTimeout, EtcdHttp http) {
        this.index = index;
        this.name = nameOf(index);
        this.clientScheme = clientScheme;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.dataDir = dataDir;
        this.log = log;
        this.command = List.copyOf(command);
        this.restartTimeout = restartTimeout;
        this.http = http;
    }

    static String nameOf(int index) {
        return "m" + index;
    }

    static String url(int port) {
        return url("http", port);
    }

    static String url(String scheme, int port) {
        return scheme + "://127.0.0.1:" + port;
    }

    @Override public int index() {
        return index;
    }

    @Override public String name() {
        return name;
    }

    @Override public String clientUrl() {
        return url(clientScheme, clientPort);
    }

    @Override public String peerUrl() {
        return url(peerPort);
    }

    @Override public Path dataDir() {
        return dataDir;
    }

    @Override public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override public synchronized boolean isPaused() {
        return paused && isRunning();
    }

    /** Starts the process (it must not be running) without waiting for health. */
    synchronized void launch() {
        if (isRunning()) {
            throw new WindlassException(ErrorCode.ILLEGAL_STATE, name + " is already running");
        }
        try {
            Files.writeString(log, RUN_MARKER + name + " (run " + (startedPids.size() + 1) + "): "
                    + String.join(" ", command) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            process = GuardedLauncher.start(command, log, log.getParent());
            startedPids.add(process.pid());
            paused = false;
        } catch (IOException e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "cannot start " + command + ": " + e, e);
        }
    }

    /** Throws a {@link StartFailure} if the process has exited (e.g. its port was taken). */
    synchronized void checkAlive() {
        if (process != null && !process.isAlive()) {
            String tail = logTail();
            throw new StartFailure(name + " (" + clientUrl() + ") exited with code " + process.wrapper().exitValue()
                    + " while starting; log tail:\n" + tail, tail.contains("address already in use"));
        }
    }

    @Override public synchronized void kill() {
        if (process == null) {
            return;
        }
        try {
            if (!process.kill(KILL_WAIT)) {
                throw new WindlassException(ErrorCode.INTERNAL, name + " pid " + process.pid()
                        + " did not exit within " + KILL_WAIT + " after SIGKILL");
            }
            paused = false;
        } catch (InterruptedException e) {
            throw EtcdHttp.interrupted(e);
        }
    }

    @Override public synchronized void pause() {
        requireRunning("pause");
        process.signalStop(true);
        awaitProcState(true);
        paused = true;
    }

    @Override public synchronized void resume() {
        if (!isPaused()) {
            return;
        }
        process.signalStop(false);
        awaitProcState(false);
        paused = false;
    }

    @Override public synchronized void restart() {
        kill();
        long deadline = System.nanoTime() + restartTimeout.toNanos();
        while (true) {
            launch();
            try {
                awaitHealthy(deadline);
                return;
            } catch (StartFailure e) {
                if (!e.portInUse() || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                sleep(Duration.ofMillis(200)); // the old process's port is still held; try again shortly
            }
        }
    }

    /** Polls {@code /health} until true or {@code deadlineNanos}; throws with the log tail on exit or timeout. */
    synchronized void awaitHealthy(long deadlineNanos) {
        while (!http.healthy(clientUrl())) {
            checkAlive();
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new WindlassException(ErrorCode.UNAVAILABLE,
                        name + " (" + clientUrl() + ") is not healthy in time; log tail:\n" + logTail());
            }
            sleep(POLL);
        }
    }

    /**
     * The current run's part of the log (runs are separated by a marker line): whole if short, else its first
     * {@value #HEAD_LINES} lines (where etcd reports bad flags) and last {@value #TAIL_LINES} lines.
     */
    @Override public String logTail() {
        String text;
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, MAX_LOG_READ);
            byte[] bytes = new byte[size];
            file.seek(length - size);
            file.readFully(bytes);
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log at " + log + ": " + e + ")";
        }
        int run = text.lastIndexOf(RUN_MARKER);
        List<String> lines = List.of((run < 0 ? text : text.substring(run)).split("\n"));
        if (lines.size() <= HEAD_LINES + TAIL_LINES) {
            return String.join("\n", lines);
        }
        return String.join("\n", lines.subList(0, HEAD_LINES)) + "\n[...]\n"
                + String.join("\n", lines.subList(lines.size() - TAIL_LINES, lines.size()));
    }

    /** etcd's member id (decimal, as the JSON gateway writes it); empty until learned after start. */
    String memberId() {
        return memberId;
    }

    void learnMemberId(String id) {
        memberId = id;
    }

    /** Every pid this member ever had, restarts included. */
    synchronized List<Long> startedPids() {
        return List.copyOf(startedPids);
    }

    private void requireRunning(String action) {
        if (!isRunning()) {
            throw new WindlassException(ErrorCode.ILLEGAL_STATE, "cannot " + action + " " + name + ": not running");
        }
    }

    /** Waits until /proc says the process is stopped ({@code T}) or not, so pause/resume return once effective. */
    private void awaitProcState(boolean stopped) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        while (System.nanoTime() - deadline < 0) {
            try {
                String text = Files.readString(stat);
                char state = text.charAt(text.lastIndexOf(')') + 2);
                if ((state == 'T') == stopped) {
                    return;
                }
            } catch (IOException e) {
                return; // /proc not available or the process is gone: nothing more to wait for
            }
            sleep(POLL);
        }
        throw new WindlassException(ErrorCode.INTERNAL, name + " did not become " + (stopped ? "stopped" : "running"));
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            throw EtcdHttp.interrupted(e);
        }
    }

    /** A member exited while starting; {@link #portInUse()} tells whether trying again on other ports can help. */
    static final class StartFailure extends WindlassException {
        private static final long serialVersionUID = 1L;
        private final boolean portInUse;

        StartFailure(String message, boolean portInUse) {
            super(ErrorCode.UNAVAILABLE, message);
            this.portInUse = portInUse;
        }

        boolean portInUse() {
            return portInUse;
        }
    }
}
