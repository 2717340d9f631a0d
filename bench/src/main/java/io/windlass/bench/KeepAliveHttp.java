package io.windlass.bench;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client on one keep-alive connection, for measuring a server: on this 2-core machine the JDK
 * {@code HttpClient} cost ~2 ms of CPU per request (its asynchronous hand-offs) — ten times the server's own work for
 * a counts request — so it, not the server, was what the p99 measured. GET only; the Windlass server always sends a
 * {@code Content-Length}. One caller at a time; every read is bounded by a 60 s socket timeout.
 */
final class KeepAliveHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final String host;

    KeepAliveHttp(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        out = socket.getOutputStream();
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        host = address.getHostString() + ":" + address.getPort();
    }

    /** The body of {@code GET pathAndQuery}; UNAVAILABLE unless the answer is 200 with a length. */
    byte[] get(String pathAndQuery) throws IOException {
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = line();
        int length = -1;
        for (String h = line(); !h.isEmpty(); h = line()) {
            if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(h.substring("content-length:".length()).trim());
            }
        }
        byte[] body = new byte[Math.max(length, 0)];
        in.readFully(body);
        if (!status.startsWith("HTTP/1.1 200 ") || length < 0) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, pathAndQuery + " answered '" + status + "': "
                    + new String(body, StandardCharsets.UTF_8));
        }
        return body;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the server closed the connection");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
