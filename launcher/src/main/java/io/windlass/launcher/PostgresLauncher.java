package io.windlass.launcher;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server (Debian's {@code postgresql} package, binaries under
 * {@code /usr/lib/postgresql/<major>/bin}) for benchmarks: a fresh data dir ({@code initdb}, trust auth on loopback,
 * superuser {@code postgres}), a free loopback port in [10000, 32767], SIGKILLed and deleted on {@link #close()}, by a
 * JVM shutdown hook, and — if this JVM is SIGKILLed — by the same per-process watchdog that guards etcd members.
 *
 * <p>PostgreSQL refuses to run as root: when this JVM is root, {@code initdb} and {@code postgres} run as the
 * unprivileged user {@code postgres} (created by the Debian package) through {@code setpriv}, which execs in place, so
 * the guarded pid is the postmaster itself; the data dir belongs to that user. Durability settings stay at their
 * defaults ({@code fsync}, {@code synchronous_commit} on), as a production server would run.
 *
 * <pre>{@code
 * try (PostgresLauncher pg = PostgresLauncher.start()) { String url = pg.jdbcUrl(); ... }
 * }</pre>
 */
public final class PostgresLauncher implements AutoCloseable {
    /** The Debian package's binaries; overridable with {@code WINDLASS_PG_BIN}. */
    static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final String RUN_AS = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;
    private static final Set<PostgresLauncher> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(PostgresLauncher::close),
                "windlass-postgres-cleanup"));
    }

    private final Path bin;
    private final Path baseDir;
    private final int port;
    private final FreePorts ports;
    private final GuardedLauncher.Guarded process;
    private final String version;

    private PostgresLauncher(Path bin, Path baseDir, int port, FreePorts ports, GuardedLauncher.Guarded process,
                             String version) {
        this.bin = bin;
        this.baseDir = baseDir;
        this.port = port;
        this.ports = ports;
        this.process = process;
        this.version = version;
        LIVE.add(this);
    }

    /** Starts a server with the given extra {@code -c name=value} settings; waits until it accepts connections. */
    public static PostgresLauncher start(List<String> settings) {
        Path bin = findBin();
        WindlassException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(bin, settings);
            } catch (PortTaken e) {
                last = e; // someone took the port between reservation and bind: fresh port, fresh dir
            }
        }
        throw last;
    }

    /** {@link #start(List)} with no extra settings. */
    public static PostgresLauncher start() {
        return start(List.of());
    }

    /** The binaries directory of the newest installed major version (or {@code WINDLASS_PG_BIN}). */
    static Path findBin() {
        String env = System.getenv("WINDLASS_PG_BIN");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        try (Stream<Path> majors = Files.isDirectory(DEBIAN_ROOT) ? Files.list(DEBIAN_ROOT) : Stream.empty()) {
            return majors.map(p -> p.resolve("bin"))
                    .filter(p -> Files.isExecutable(p.resolve("postgres")) && Files.isExecutable(p.resolve("initdb")))
                    .max(Comparator.comparingInt(PostgresLauncher::major))
                    .orElseThrow(() -> new WindlassException(ErrorCode.UNAVAILABLE, "PostgreSQL is not installed "
                            + "(no " + DEBIAN_ROOT + "/<major>/bin/postgres). Install it with: "
                            + "sudo apt-get install -y postgresql"));
        } catch (IOException e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "cannot list " + DEBIAN_ROOT + ": " + e, e);
        }
    }

    private static int major(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static PostgresLauncher startOnce(Path bin, List<String> settings) {
        FreePorts ports = FreePorts.reserve(1);
        Path base = null;
        GuardedLauncher.Guarded process = null;
        try {
            base = Files.createTempDirectory("windlass-pg-");
            Path data = base.resolve("data");
            Path log = base.resolve("postgres.log");
            boolean root = isRoot();
            if (root) {
                chown(base);
            }
            run(bin, root, log, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                    "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"));
            int port = ports.ports()[0];
            List<String> command = new ArrayList<>(asUser(root));
            command.addAll(List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-p",
                    Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c",
                    "unix_socket_directories=" + base, "-c", "logging_collector=off", "-c", "log_min_messages=warning"));
            for (String s : settings) {
                command.add("-c");
                command.add(s);
            }
            process = GuardedLauncher.start(command, log, base);
            awaitReady(bin, port, process, log);
            String version = capture(List.of(bin.resolve("postgres").toString(), "--version")).trim();
            return new PostgresLauncher(bin, base, port, ports, process, version.replaceAll("^.*\\) ", ""));
        } catch (IOException e) {
            cleanUp(process, base, ports);
            throw new WindlassException(ErrorCode.UNAVAILABLE, "cannot start PostgreSQL: " + e, e);
        } catch (RuntimeException e) {
            cleanUp(process, base, ports);
            throw e;
        }
    }

    /** JDBC URL of the {@code postgres} database as superuser {@code postgres} (trust auth, loopback only). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    public int port() {
        return port;
    }

    /** e.g. {@code 15.18 (Debian 15.18-0+deb12u1)}. */
    public String version() {
        return version;
    }

    /** The postmaster's pid. */
    public long pid() {
        return process.pid();
    }

    public Path dataDir() {
        return baseDir.resolve("data");
    }

    /**
     * CPU time (user + system, nanoseconds) of the server so far: the postmaster, its live children (backends,
     * checkpointer, WAL writer ...) and the children it already reaped; -1 if /proc cannot be read.
     */
    public long cpuNanos() {
        try {
            long[] own = stat(process.pid());
            long ticks = own[0] + own[1] + own[2] + own[3];
            Path children = Path.of("/proc", Long.toString(process.pid()), "task", Long.toString(process.pid()),
                    "children");
            for (String child : Files.readString(children).trim().split("\\s+")) {
                if (!child.isEmpty()) {
                    try {
                        long[] c = stat(Long.parseLong(child));
                        ticks += c[0] + c[1];
                    } catch (IOException e) {
                        // exited meanwhile: its time is now in the postmaster's cutime
                    }
                }
            }
            return ticks * 10_000_000L; // USER_HZ = 100
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime, stime, cutime, cstime in clock ticks. */
    private static long[] stat(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
            Long.parseLong(f[14])};
    }

    /** Stops the server (SIGQUIT: immediate shutdown, then SIGKILL) and deletes its directory; idempotent. */
    @Override
    public void close() {
        if (!LIVE.remove(this)) {
            return;
        }
        cleanUp(process, baseDir, ports);
    }

    private static void cleanUp(GuardedLauncher.Guarded process, Path base, FreePorts ports) {
        if (process != null && process.isAlive()) {
            try {
                // immediate shutdown: the postmaster SIGQUITs its children and waits for them
                new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid())).start().waitFor(5,
                        TimeUnit.SECONDS);
                if (!process.wrapper().waitFor(10, TimeUnit.SECONDS)) {
                    process.kill(Duration.ofSeconds(10));
                }
            } catch (IOException e) {
                killQuietly(process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                killQuietly(process);
            }
        }
        if (base != null) {
            deleteTree(base);
        }
        ports.close();
    }

    private static void killQuietly(GuardedLauncher.Guarded process) {
        try {
            process.kill(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path base) {
        try (Stream<Path> all = Files.walk(base)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: temp dir
        }
    }

    private static void awaitReady(Path bin, int port, GuardedLauncher.Guarded process, Path log) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Path isReady = bin.resolve("pg_isready");
        while (true) {
            if (!process.isAlive()) {
                String text = tail(log);
                if (text.contains("could not bind") || text.contains("Address already in use")) {
                    throw new PortTaken("PostgreSQL port " + port + " was taken: " + text);
                }
                throw new WindlassException(ErrorCode.UNAVAILABLE, "PostgreSQL exited while starting; log:\n" + text);
            }
            Process p = new ProcessBuilder(isReady.toString(), "-q", "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-t", "1").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new WindlassException(ErrorCode.UNAVAILABLE, "PostgreSQL did not accept connections within "
                            + START_TIMEOUT + "; log:\n" + tail(log));
                }
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WindlassException(ErrorCode.UNAVAILABLE, "interrupted", e);
            }
        }
    }

    /** Runs a setup command (as the unprivileged user when root) to completion; throws with its log on failure. */
    private static void run(Path bin, boolean root, Path log, List<String> command) throws IOException {
        List<String> full = new ArrayList<>(asUser(root));
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new WindlassException(ErrorCode.UNAVAILABLE, command.get(0) + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new WindlassException(ErrorCode.UNAVAILABLE, "interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, String.join(" ", full) + " failed (" + p.exitValue()
                    + "):\n" + tail(log));
        }
    }

    private static String capture(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** {@code setpriv} (execs in place: the pid stays the server's) to the {@code postgres} user when root. */
    private static List<String> asUser(boolean root) {
        if (!root) {
            return List.of();
        }
        return List.of("setpriv", "--reuid=" + RUN_AS, "--regid=" + RUN_AS, "--init-groups", "--");
    }

    private static boolean isRoot() {
        try {
            return "0".equals(capture(List.of("id", "-u")).trim());
        } catch (IOException e) {
            return false;
        }
    }

    private static void chown(Path dir) throws IOException {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            view.setOwner(users.lookupPrincipalByName(RUN_AS));
            GroupPrincipal group = users.lookupPrincipalByGroupName(RUN_AS);
            view.setGroup(group);
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "running as root but there is no '" + RUN_AS
                    + "' user to run PostgreSQL as (the Debian postgresql package creates it)", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The server could not bind its port: retry elsewhere. */
    private static final class PortTaken extends WindlassException {
        private static final long serialVersionUID = 1L;

        PortTaken(String message) {
            super(ErrorCode.UNAVAILABLE, message);
        }
    }
}
