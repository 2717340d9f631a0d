package io.windlass.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.windlass.consumer.spi.DaemonThreads;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds jetcd clients configured the way Windlass needs them (see field-notes.md):
 * <ul>
 *   <li>{@code maxInboundMessageSize} 64 MiB: a watch catching up after a batch burst (or a lease revoke that drops
 *       thousands of claims in one revision) can exceed gRPC's 4 MiB default, and jetcd then stops the watch;</li>
 *   <li>{@code waitForReady(false)}: during an outage requests fail fast with UNAVAILABLE (and the channel recovers
 *       ~1.5 s after healing) instead of hanging for the whole outage;</li>
 *   <li>with several endpoints, each member is probed every 500 ms ({@code MemberProbingBalancer}): one that does not
 *       answer within 1 s leaves the round robin and the calls open on it are cancelled, so they fail at once and are
 *       retried through a member that answers;</li>
 *   <li>gRPC keep-alive pings every 10 s with a 2 s timeout: a silently cut-off connection is closed;</li>
 *   <li>a connect timeout. Retries are left to jetcd's defaults for reads; Windlass never asks jetcd to retry
 *       txns;</li>
 *   <li>a bounded callback pool of at most {@link #CALLBACK_THREADS} daemon threads per client instead of jetcd's
 *       default unbounded cached pool, so a burst (thousands of claims) does not grow the thread count with it. Idle
 *       threads end after {@link #CALLBACK_THREAD_IDLE} (jetcd does not shut down an executor it was given, so the
 *       pool must not keep threads alive after its client is closed). Windlass never blocks on these threads;
 *       callers that add their own callbacks to jetcd futures must not block on them either.</li>
 * </ul>
 * Every Windlass call adds its own deadline on top.
 */
public final class EtcdClients {
    /** The inbound message limit used by {@link #connect}. */
    public static final int MAX_INBOUND_MESSAGE_BYTES = 64 * 1024 * 1024;

    /** Most threads of each client's jetcd callback pool (see {@link #builder}). */
    public static final int CALLBACK_THREADS = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());

    /** How long an idle callback thread lives. */
    public static final Duration CALLBACK_THREAD_IDLE = Duration.ofSeconds(30);

    private static final AtomicInteger POOLS = new AtomicInteger();

    /** Who etcd sees on each client built by {@link EtcdConnection} (weak keys: forgotten with the client). */
    private static final Map<Client, String> IDENTITIES = Collections.synchronizedMap(new WeakHashMap<>());

    private EtcdClients() {
    }

    /** A client for {@code endpoints} (e.g. {@code http://127.0.0.1:2379}). The caller closes it. */
    public static Client connect(String... endpoints) {
        return builder(endpoints).build();
    }

    /** The configured builder, for callers that add TLS, auth or other options. */
    public static ClientBuilder builder(String... endpoints) {
        if (endpoints == null || endpoints.length == 0) {
            throw new IllegalArgumentException("at least one etcd endpoint is needed");
        }
        return Client.builder()
                .endpoints(endpoints)
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .waitForReady(false)
                .connectTimeout(Duration.ofSeconds(3))
                // a connection to a member that is cut off silently (sockets open, nothing flows) is closed after
                // 10 s (gRPC's least keep-alive time) + 2 s, so the calls sent into it fail and round robin stops
                // using it (jetcd's defaults, 30 s + 10 s, let writes stall for 40 s; EtcdMemberIsolationFaultIT)
                .keepaliveTime(Duration.ofSeconds(10))
                .keepaliveTimeout(Duration.ofSeconds(2))
                // only while calls are open (a watch, a stuck call): etcd refuses pings on idle connections
                // (GOAWAY too_many_pings)
                .keepaliveWithoutCalls(false)
                // with several members: round robin over those that answer a probe; calls open on a member that
                // stops answering are cancelled at once (EtcdMemberIsolationFaultIT)
                .loadBalancerPolicy(MemberProbingPolicy.register())
                .interceptor(OpenCallsByMember.INSTANCE)
                .executorService(callbackPool());
    }

    static void rememberIdentity(Client client, String identity) {
        IDENTITIES.put(client, identity);
    }

    /** The user (or certificate CN) {@code client} authenticates as, for messages; null if unknown or none. */
    static String identityOf(Client client) {
        return client == null ? null : IDENTITIES.get(client);
    }

    /** Up to {@link #CALLBACK_THREADS} threads, more work queued; no thread outlives {@link #CALLBACK_THREAD_IDLE} idle. */
    private static ThreadPoolExecutor callbackPool() {
        int pool = POOLS.incrementAndGet();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(CALLBACK_THREADS, CALLBACK_THREADS,
                CALLBACK_THREAD_IDLE.toMillis(), TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.factory("windlass-jetcd-" + pool + "-"));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
