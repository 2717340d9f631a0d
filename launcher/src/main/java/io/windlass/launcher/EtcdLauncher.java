package io.windlass.launcher;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * REAL etcd server processes (the {@code etcd} binary on PATH) started and stopped by their owner: a benchmark, a tool,
 * or a test through {@code io.windlass.testing.etcd.EtcdExtension} (the JUnit face of this class).
 *
 * <pre>{@code
 * try (EtcdLauncher etcd = EtcdLauncher.configure().members(3).build().start()) { ... etcd.endpoints() ... }
 * }</pre>
 *
 * <p>{@link #start()} waits until every member answers {@code /health} (so a cluster has a leader) and fails if etcd is
 * missing (the message says {@code apt-get install -y etcd-server}) or does not come up (the message carries the tail
 * of each member's log). Each member gets its own temp data dir and fresh loopback ports in [10000, 32767]; elections
 * are fast ({@code --heartbeat-interval=10 --election-timeout=100}); logs are quiet (warn level, in the data dir).
 *
 * <p>{@link #close()} SIGKILLs every member (paused ones too) and deletes the data dirs; a JVM shutdown hook and a
 * per-process watchdog (which notices a SIGKILLed JVM within about a second) make sure no etcd survives this JVM.
 * Methods may be called from any thread; cluster-wide operations go to the first running, not paused member that
 * answers, and every HTTP call has a timeout.
 */
public class EtcdLauncher implements AutoCloseable {
    private final EtcdConfig config;
    private EtcdCluster cluster;
    private final List<Long> closedPids = new ArrayList<>();

    /** For {@link Builder} and subclasses (the JUnit extension); {@code config} is already validated. */
    protected EtcdLauncher(EtcdConfig config) {
        this.config = config;
    }

    /** A builder of a plain launcher (no JUnit). */
    public static Builder<EtcdLauncher> configure() {
        return new Builder<>(EtcdLauncher::new);
    }

    /** Starts the members and waits until all are healthy; throws if already started. Returns this. */
    public synchronized EtcdLauncher start() {
        if (cluster != null) {
            throw new WindlassException(ErrorCode.ILLEGAL_STATE, "etcd is already started");
        }
        cluster = EtcdCluster.start(config);
        return this;
    }

    /** Kills all members and deletes their data dirs; idempotent, never throws. Startable again afterwards. */
    @Override public synchronized void close() {
        EtcdCluster running = cluster;
        cluster = null;
        if (running != null) {
            closedPids.addAll(running.startedPids());
            running.close();
        }
    }

    public synchronized boolean isStarted() {
        return cluster != null;
    }

    /** Client URLs of all members in index order, e.g. {@code [http://127.0.0.1:12345]}; stable across restarts. */
    public List<String> endpoints() {
        return running().members().stream().map(EtcdProcess::clientUrl).toList();
    }

    /** Member {@code index} (0-based), with its fault controls. */
    public EtcdMember member(int index) {
        List<EtcdProcess> members = running().members();
        if (index < 0 || index >= members.size()) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                    "member index " + index + " not in [0, " + members.size() + ")");
        }
        return members.get(index);
    }

    /** Shorthand for {@code member(index).kill()}: SIGKILL, waits until it has exited. */
    public void kill(int index) {
        member(index).kill();
    }

    /** Shorthand for {@code member(index).pause()}: SIGSTOP. */
    public void pause(int index) {
        member(index).pause();
    }

    /** Shorthand for {@code member(index).resume()}: SIGCONT. */
    public void resume(int index) {
        member(index).resume();
    }

    /** Shorthand for {@code member(index).restart()}: same data dir and ports, waits until healthy. */
    public void restart(int index) {
        member(index).restart();
    }

    public List<EtcdMember> members() {
        return List.copyOf(running().members());
    }

    /** The current revision of the store. */
    public long currentRevision() {
        return running().currentRevision();
    }

    /** Compacts history up to {@code revision}; reads of older revisions then fail with "compacted". */
    public void compact(long revision) {
        running().compact(revision);
    }

    /** Defragments every running member (needed to shrink the backend below the quota after a compaction). */
    public void defragment() {
        running().defragment();
    }

    /** Active alarms as {@code TYPE@member}, e.g. {@code NOSPACE@m0}; empty when none. */
    public List<String> alarms() {
        return running().alarms();
    }

    /**
     * Deactivates all alarms (e.g. NOSPACE) and returns how many there were. To get out of NOSPACE for good, free
     * space first: {@code compact(currentRevision()); defragment(); disarmAlarms();}.
     */
    public int disarmAlarms() {
        return running().disarmAlarms();
    }

    /** Index of the current leader as seen by a running member, or -1 if none is known right now. */
    public int leaderIndex() {
        return running().leaderIndex();
    }

    /** Waits until a running, not paused member is leader and returns its index (e.g. after killing the leader). */
    public int awaitLeader(Duration timeout) {
        return running().awaitLeader(timeout);
    }

    /**
     * Turns etcd authentication on: creates user {@code root} with {@code rootPassword} and role {@code root}, then
     * enables auth. From then on the launcher's own calls (revision, compaction, alarms) authenticate as root, and
     * every client needs a user (or, with {@code --client-cert-auth}, a certificate whose CN is a user).
     */
    public void enableAuth(String rootPassword) {
        running().auth().enable(rootPassword);
    }

    /** Adds an etcd user (auth on or not). */
    public void addUser(String user, String password) {
        running().auth().addUser(user, password);
    }

    /**
     * Creates role {@code role} (if missing) with readwrite on every key starting with {@code prefix} (etcdctl
     * {@code role grant-permission ROLE readwrite PREFIX --prefix}) and grants it to {@code user}.
     */
    public void grantPrefix(String user, String role, String prefix) {
        running().auth().grantPrefix(user, role, prefix);
    }

    /** Every etcd pid this extension ever started (restarts included), also after {@link #close()}. */
    public synchronized List<Long> startedPids() {
        List<Long> pids = new ArrayList<>(closedPids);
        if (cluster != null) {
            pids.addAll(cluster.startedPids());
        }
        return pids;
    }

    private synchronized EtcdCluster running() {
        EtcdCluster current = cluster;
        if (current == null) {
            throw new WindlassException(ErrorCode.ILLEGAL_STATE, "etcd is not running: call start() "
                    + "(or register EtcdExtension with @RegisterExtension: static field = per class, instance field = per test)");
        }
        return current;
    }

    /**
     * Builds a launcher (or the JUnit extension, through its own {@code builder()}); defaults: 1 member, etcd's default
     * quota, no extra args, 30 s start timeout.
     *
     * @param <T> what {@link #build()} returns
     */
    public static final class Builder<T extends EtcdLauncher> {
        private final Function<EtcdConfig, T> factory;
        private int members = 1;
        private long quotaBackendBytes;
        private final List<String> extraArgs = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(30);
        private EtcdTls tls;

        /** A builder whose {@link #build()} hands the validated config to {@code factory}. */
        public Builder(Function<EtcdConfig, T> factory) {
            this.factory = factory;
        }

        /** Number of members: 1 for a single node, 3 (or 5) for a cluster that survives member loss. */
        public Builder<T> members(int members) {
            this.members = members;
            return this;
        }

        /** Small backend quota ({@code --quota-backend-bytes}) to provoke NOSPACE, e.g. 1 MiB. */
        public Builder<T> quotaBackendBytes(long bytes) {
            this.quotaBackendBytes = bytes;
            return this;
        }

        /** More etcd flags, appended after ours (they win), e.g. {@code "--max-txn-ops=256"}. */
        public Builder<T> extraArgs(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        /** How long start (and each member restart) may take before failing; default 30 s. */
        public Builder<T> startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Serve clients over TLS ({@code https://} endpoints, see {@link EtcdTls}); {@link TestCertificates} makes
         * the files. Default: plaintext http.
         */
        public Builder<T> tls(EtcdTls tls) {
            this.tls = tls;
            return this;
        }

        public T build() {
            return factory.apply(new EtcdConfig(members, quotaBackendBytes, extraArgs, startTimeout, tls));
        }
    }
}
