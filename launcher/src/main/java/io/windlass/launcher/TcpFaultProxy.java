package io.windlass.launcher;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link FaultProxy} with blocking sockets: one acceptor thread, two pump threads per connection. The mode is guarded
 * by this object's monitor; pumps read a chunk, then wait at the gate until the mode is FORWARD before writing it, so
 * nothing crosses while blackholed and order is kept. A cut or close resets the sockets, which ends the pumps. While
 * answers are lost, the etcd-to-client pump drops what it reads and marks its connection lossy; a lossy connection
 * drops every later answer too and is reset at {@link #heal()} (its byte stream is broken).
 */
final class TcpFaultProxy implements FaultProxy {
    private static final int CONNECT_TIMEOUT_MILLIS = 2000;
    private static final int BUFFER = 16 * 1024;

    private final String target;
    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private Mode mode = Mode.FORWARD;

    private TcpFaultProxy(String target, InetSocketAddress upstream, ServerSocket server) {
        this.target = target;
        this.upstream = upstream;
        this.server = server;
    }

    static FaultProxy start(String target) {
        InetSocketAddress upstream = parse(target);
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            TcpFaultProxy proxy = new TcpFaultProxy(target, upstream, server);
            daemon("windlass-fault-proxy-accept-" + server.getLocalPort(), proxy::acceptLoop).start();
            return proxy;
        } catch (IOException e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "cannot open a proxy port: " + e, e);
        }
    }

    private static InetSocketAddress parse(String target) {
        String withScheme = target.contains("://") ? target : "http://" + target;
        URI uri = URI.create(withScheme);
        if (uri.getPort() <= 0 || !("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()))) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                    "FaultProxy target must be 127.0.0.1:PORT (loopback only), got " + target);
        }
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), uri.getPort());
    }

    @Override public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    @Override public String target() {
        return target;
    }

    @Override public synchronized Mode mode() {
        return mode;
    }

    @Override public int openConnections() {
        return connections.size();
    }

    @Override public void blackhole() {
        setMode(Mode.BLACKHOLE);
    }

    @Override public void cut() {
        setMode(Mode.CUT);
        resetAll();
    }

    @Override public void loseAnswers() {
        setMode(Mode.LOSE_ANSWERS);
    }

    @Override public void heal() {
        setMode(Mode.FORWARD);
        for (Connection connection : List.copyOf(connections)) {
            if (connection.lossy()) {
                connection.reset();
            }
        }
    }

    @Override public void close() {
        setMode(Mode.CLOSED);
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        resetAll();
    }

    private synchronized void setMode(Mode next) {
        if (mode != Mode.CLOSED) {
            mode = next;
            notifyAll();
        }
    }

    private enum Gate { FORWARD, DROP, STOP }

    /** Blocks while blackholed; then whether the chunk read from {@code connection} is forwarded, dropped or ends it. */
    private synchronized Gate gate(Connection connection, boolean answer) throws InterruptedException {
        while (mode == Mode.BLACKHOLE) {
            wait();
        }
        if (mode == Mode.CUT || mode == Mode.CLOSED) {
            return Gate.STOP;
        }
        if (answer && (mode == Mode.LOSE_ANSWERS || connection.lossy)) {
            connection.lossy = true;
            return Gate.DROP;
        }
        return Gate.FORWARD;
    }

    private void resetAll() {
        for (Connection connection : List.copyOf(connections)) {
            connection.reset();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Mode now = mode();
            if (now == Mode.CUT || now == Mode.CLOSED || connections.size() >= MAX_CONNECTIONS) {
                reset(client);
                continue;
            }
            Socket remote = new Socket();
            try {
                remote.connect(upstream, CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                reset(client);
                reset(remote);
                continue;
            }
            Connection connection = new Connection(client, remote);
            connections.add(connection);
            String name = "windlass-fault-proxy-" + server.getLocalPort() + "-" + client.getPort();
            daemon(name + "-up", () -> pump(connection, client, remote, false)).start();
            daemon(name + "-down", () -> pump(connection, remote, client, true)).start();
            if (mode() == Mode.CUT || mode() == Mode.CLOSED) {
                connection.reset(); // a cut or close raced with this accept
            }
        }
    }

    private void pump(Connection connection, Socket from, Socket to, boolean answers) {
        byte[] buffer = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int n = in.read(buffer);
                Gate gate = n < 0 ? Gate.STOP : gate(connection, answers);
                if (gate == Gate.STOP) {
                    return;
                }
                if (gate == Gate.DROP) {
                    continue;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // reset or closed by the peer, a cut or close: the connection ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection.reset();
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Closes {@code socket} with a TCP RST (linger 0) instead of a graceful FIN. */
    private static void reset(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        } catch (IOException e) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** A client socket and its upstream socket; reset together, once. */
    private final class Connection {
        private final Socket client;
        private final Socket remote;
        /** An answer was dropped: the stream is broken (guarded by the proxy's monitor). */
        private boolean lossy;

        Connection(Socket client, Socket remote) {
            this.client = client;
            this.remote = remote;
        }

        boolean lossy() {
            synchronized (TcpFaultProxy.this) {
                return lossy;
            }
        }

        void reset() {
            if (connections.remove(this)) {
                TcpFaultProxy.reset(client);
                TcpFaultProxy.reset(remote);
            }
        }
    }
}
