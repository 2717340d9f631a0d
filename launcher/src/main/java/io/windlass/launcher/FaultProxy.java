package io.windlass.launcher;

/**
 * An in-process TCP proxy in front of one loopback endpoint (e.g. an etcd member's client URL) that can cut a client
 * off in two ways. Point the client at {@link #endpoint()} instead of the real endpoint; the proxy forwards bytes
 * unchanged (gRPC over HTTP/2 cleartext works through it).
 *
 * <ul>
 *   <li>{@link #blackhole()}: a silent partition. Sockets stay open, but nothing is forwarded in either direction
 *       (bytes wait in the kernel buffers, as in a real partition); new connections are accepted and held.
 *   <li>{@link #cut()}: a hard cut. Every connection is reset (TCP RST) and new ones are reset right after accept.
 *   <li>{@link #loseAnswers()}: ambiguous commits. Requests reach the target, but every answer is dropped, so the
 *       client sees its calls time out although the server applied them. A connection that lost an answer has a
 *       broken byte stream: it keeps losing answers until {@link #heal()} resets it (the client reconnects).
 *   <li>{@link #heal()}: forward again; held bytes flow in order, new connections work; connections that lost
 *       answers are reset.
 * </ul>
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(etcd.endpoints().get(0))) {
 *     Client client = Client.builder().endpoints(proxy.endpoint()).build();
 *     proxy.blackhole(); ... proxy.heal();
 * }
 * }</pre>
 *
 * <p>Bounded: at most {@value #MAX_CONNECTIONS} connections (more are reset), two daemon threads per connection.
 * Thread-safe: the controls may be called from any thread and take effect before they return. {@link #close()}
 * closes the listening socket and every connection.
 */
public interface FaultProxy extends AutoCloseable {
    /** Most connections open at once; further connections are reset. */
    int MAX_CONNECTIONS = 64;

    /** Starts a proxy on a free 127.0.0.1 port forwarding to {@code target} ({@code http://127.0.0.1:PORT} or
     *  {@code 127.0.0.1:PORT}; loopback only). Throws {@link io.windlass.statemachine.WindlassException}. */
    static FaultProxy start(String target) {
        return TcpFaultProxy.start(target);
    }

    /** What the proxy currently does with traffic. */
    enum Mode { FORWARD, BLACKHOLE, LOSE_ANSWERS, CUT, CLOSED }

    /** URL for clients, e.g. {@code http://127.0.0.1:40123}. */
    String endpoint();

    /** The target endpoint as given to {@link #start(String)}. */
    String target();

    Mode mode();

    /** Connections currently open through the proxy. */
    int openConnections();

    /** Stop forwarding; keep every socket open (silent partition). */
    void blackhole();

    /** Reset every connection and reset new ones (hard cut). */
    void cut();

    /** Forward requests, drop every answer (the caller cannot tell whether its request was applied). */
    void loseAnswers();

    /** Forward again; reset the connections that lost answers. */
    void heal();

    /** Closes the listening socket and all connections; idempotent. */
    @Override void close();
}
