package io.windlass.launcher;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A running set of etcd members in one temp directory: started together (retrying on fresh ports if a port was taken
 * meanwhile), torn down together (processes SIGKILLed, directory deleted). Cluster-wide operations go to the first
 * member that answers. Not reused after {@link #close()}. Thread-safe enough for tests: members synchronize themselves.
 */
final class EtcdCluster implements AutoCloseable {
    private static final int START_ATTEMPTS = 5;
    private static final Duration POLL = Duration.ofMillis(20);

    /** Clusters not yet closed; a shutdown hook closes them (processes and data dirs) on a normal JVM exit. */
    private static final Set<EtcdCluster> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(EtcdCluster::close),
                "windlass-etcd-cleanup"));
    }

    private final Path baseDir;
    private final FreePorts ports;
    private final List<EtcdProcess> members;
    private final EtcdHttp http;

    private EtcdCluster(Path baseDir, FreePorts ports, List<EtcdProcess> members, EtcdHttp http) {
        this.baseDir = baseDir;
        this.ports = ports;
        this.members = members;
        this.http = http;
        LIVE.add(this);
    }

    /** Starts a cluster per {@code config} and waits until every member is healthy (which implies a leader). */
    static EtcdCluster start(EtcdConfig config) {
        String binary = findBinary(System.getenv("PATH"));
        WindlassException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            EtcdHttp http = config.tls() == null ? EtcdHttp.plain() : EtcdHttp.tls(config.tls());
            EtcdCluster cluster = create(config, binary, http);
            try {
                cluster.launchAndAwaitHealthy(System.nanoTime() + config.startTimeout().toNanos());
                return cluster;
            } catch (EtcdProcess.StartFailure e) {
                cluster.close();
                if (!e.portInUse()) {
                    throw e;
                }
                last = e; // another process took one of our ports between probe and bind: fresh ports, again
            } catch (RuntimeException | Error e) {
                cluster.close();
                throw e;
            }
        }
        throw new WindlassException(ErrorCode.UNAVAILABLE, "etcd did not start after " + START_ATTEMPTS
                + " attempts (ports taken)", last);
    }

    private static EtcdCluster create(EtcdConfig config, String binary, EtcdHttp http) {
        int n = config.members();
        FreePorts reservation = FreePorts.reserve(2 * n);
        int[] ports = reservation.ports();
        Path base;
        try {
            base = Files.createTempDirectory("windlass-etcd-");
        } catch (IOException e) {
            reservation.close();
            throw new WindlassException(ErrorCode.UNAVAILABLE, "cannot create a temp dir for etcd: " + e, e);
        }
        String token = "windlass-" + UUID.randomUUID();
        String initialCluster = Stream.iterate(0, i -> i < n, i -> i + 1)
                .map(i -> EtcdProcess.nameOf(i) + "=" + EtcdProcess.url(ports[2 * i + 1]))
                .collect(Collectors.joining(","));
        List<EtcdProcess> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path dir = base.resolve(EtcdProcess.nameOf(i));
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                reservation.close();
                deleteRecursively(base);
                throw new WindlassException(ErrorCode.UNAVAILABLE, "cannot create " + dir + ": " + e, e);
            }
            int client = ports[2 * i];
            int peer = ports[2 * i + 1];
            String scheme = config.tls() == null ? "http" : "https";
            List<String> command = new ArrayList<>(List.of(binary,
                    "--name", EtcdProcess.nameOf(i),
                    "--data-dir", dir.resolve("data").toString(),
                    "--listen-client-urls", EtcdProcess.url(scheme, client),
                    "--advertise-client-urls", EtcdProcess.url(scheme, client),
                    "--listen-peer-urls", EtcdProcess.url(peer),
                    "--initial-advertise-peer-urls", EtcdProcess.url(peer),
                    "--initial-cluster", initialCluster,
                    "--initial-cluster-state", "new",
                    "--initial-cluster-token", token,
                    "--heartbeat-interval=10",
                    "--election-timeout=100",
                    "--logger", "zap", "--log-outputs", "stderr", "--log-level", "warn"));
            if (config.quotaBackendBytes() > 0) {
                command.add("--quota-backend-bytes=" + config.quotaBackendBytes());
            }
            if (config.tls() != null) {
                EtcdTls tls = config.tls();
                command.addAll(List.of("--cert-file", tls.serverCert().toString(), "--key-file",
                        tls.serverKey().toString()));
                if (tls.clientCertAuth()) { // etcd 3.4 demands client certificates as soon as it has a trusted CA
                    command.addAll(List.of("--trusted-ca-file", tls.caCert().toString(), "--client-cert-auth"));
                }
            }
            command.addAll(config.extraArgs());
            members.add(new EtcdProcess(i, scheme, client, peer, dir.resolve("data"), dir.resolve("etcd.log"), command,
                    config.startTimeout(), http));
        }
        return new EtcdCluster(base, reservation, List.copyOf(members), http);
    }

    private void launchAndAwaitHealthy(long deadlineNanos) {
        for (EtcdProcess member : members) {
            member.launch();
        }
        List<EtcdProcess> waiting = new ArrayList<>(members);
        boolean idsKnown = false;
        while (true) {
            for (EtcdProcess member : members) {
                member.checkAlive();
            }
            waiting.removeIf(member -> http.healthy(member.clientUrl()));
            if (waiting.isEmpty() && !idsKnown) {
                for (EtcdProcess member : members) {
                    member.learnMemberId(http.status(member.clientUrl()).memberId());
                }
                idsKnown = true;
            }
            if (idsKnown && leaderIndex() >= 0) {
                return; // healthy in 3.4 implies a leader; checked explicitly anyway
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new WindlassException(ErrorCode.UNAVAILABLE, "etcd members " + waiting.stream()
                        .map(EtcdProcess::name).toList() + " not healthy (or no leader) in time; " + logTails());
            }
            EtcdProcess.sleep(POLL);
        }
    }

    /** Current revision, from the first answering member. */
    long currentRevision() {
        return onAnyMember("read the revision", http::currentRevision);
    }

    /** Compacts history up to {@code revision} (physically applied when this returns). */
    void compact(long revision) {
        onAnyMember("compact to " + revision, url -> {
            http.compact(url, revision);
            return null;
        });
    }

    /** Defragments every answering member (each member defragments only its own backend). */
    void defragment() {
        for (EtcdProcess member : answering()) {
            http.defragment(member.clientUrl());
        }
    }

    /** Active alarms as {@code TYPE@memberName} (e.g. {@code NOSPACE@m0}). */
    List<String> alarms() {
        return onAnyMember("list alarms", http::alarms).stream()
                .map(alarm -> alarm.type() + "@" + nameOfMember(alarm.memberId())).toList();
    }

    /** Deactivates every active alarm; returns how many there were. */
    int disarmAlarms() {
        return onAnyMember("disarm alarms", url -> {
            List<EtcdHttp.Alarm> alarms = http.alarms(url);
            for (EtcdHttp.Alarm alarm : alarms) {
                http.disarm(url, alarm);
            }
            return alarms.size();
        });
    }

    /** Index of the leader as seen by the first answering member that knows one and can name it; -1 if none. */
    int leaderIndex() {
        for (EtcdProcess member : answering()) {
            try {
                int index = indexOfMember(http.status(member.clientUrl()).leaderId());
                if (index >= 0) {
                    return index;
                }
            } catch (WindlassException e) {
                // a member that does not answer right now (e.g. starting): ask the next one
            }
        }
        return -1;
    }

    /** Waits until an answering member is leader; returns its index or throws UNAVAILABLE after {@code timeout}. */
    int awaitLeader(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int leader = leaderIndex();
            if (leader >= 0 && members.get(leader).isRunning() && !members.get(leader).isPaused()) {
                return leader;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new WindlassException(ErrorCode.UNAVAILABLE, "no etcd leader within " + timeout + logTails());
            }
            EtcdProcess.sleep(POLL);
        }
    }

    private int indexOfMember(String memberId) {
        for (EtcdProcess member : members) {
            if (memberId.equals(member.memberId())) {
                return member.index();
            }
        }
        return -1;
    }

    private String nameOfMember(String memberId) {
        int index = indexOfMember(memberId);
        return index < 0 ? memberId : members.get(index).name();
    }

    private <T> T onAnyMember(String what, Function<String, T> call) {
        List<EtcdProcess> answering = answering();
        if (answering.isEmpty()) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "cannot " + what + ": no etcd member is running");
        }
        WindlassException last = null;
        for (EtcdProcess member : answering) {
            try {
                return call.apply(member.clientUrl());
            } catch (WindlassException e) {
                if (e.code() != ErrorCode.UNAVAILABLE) {
                    throw e;
                }
                last = e;
            }
        }
        throw new WindlassException(ErrorCode.UNAVAILABLE, "cannot " + what + ": no member answered", last);
    }

    /** Finds {@code etcd} on {@code path} (a PATH value, may be null) or fails with how to install it. */
    static String findBinary(String path) {
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, "etcd");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath().toString();
                }
            }
        }
        throw new WindlassException(ErrorCode.UNAVAILABLE, "the etcd binary is not on PATH; these tests need a real "
                + "etcd 3.4+: install it with `apt-get install -y etcd-server` (Debian/Ubuntu, as root) and retry");
    }

    List<EtcdProcess> members() {
        return members;
    }

    /** User, role and auth administration through the JSON gateway of the first answering member. */
    EtcdAuth auth() {
        return new EtcdAuth(http, () -> onAnyMember("reach etcd", url -> url));
    }

    /** Every pid this cluster ever started, restarts included. */
    List<Long> startedPids() {
        return members.stream().flatMap(member -> member.startedPids().stream()).toList();
    }

    Path baseDir() {
        return baseDir;
    }

    /** The members to ask for cluster-wide operations: running and not paused, in index order. */
    List<EtcdProcess> answering() {
        return members.stream().filter(m -> m.isRunning() && !m.isPaused()).toList();
    }

    String logTails() {
        StringBuilder text = new StringBuilder();
        for (EtcdProcess member : members) {
            text.append("\n--- log tail of ").append(member.name()).append(" (").append(member.clientUrl())
                    .append(") ---\n").append(member.logTail());
        }
        return text.toString();
    }

    /** SIGKILLs every member (paused ones too) and deletes the temp directory; best effort, never throws. */
    @Override public void close() {
        LIVE.remove(this);
        for (EtcdProcess member : members) {
            try {
                member.kill();
            } catch (RuntimeException e) {
                // keep going: the shutdown hook and the watchdog still cover this process
            }
        }
        deleteRecursively(baseDir);
        ports.close();
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: temp dir
        }
    }
}
