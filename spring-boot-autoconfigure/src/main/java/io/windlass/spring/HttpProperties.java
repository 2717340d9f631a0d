package io.windlass.spring;

import java.nio.file.Path;

/**
 * {@code windlass.http.*}: the Windlass HTTP API (JSON API, probes, /metrics; docs/http-api.md) on a port of its own,
 * off by default, loopback unless told otherwise. It serves the first namespace.
 */
public class HttpProperties {
    /** Serve the Windlass HTTP API. */
    private boolean enabled;
    /** Address to bind; 0.0.0.0 exposes it beyond this host. */
    private String host = "127.0.0.1";
    /** Port to bind (0: any free port). */
    private int port = 8081;
    /** Refuse every write (POST, DELETE). */
    private boolean readOnly;
    /** File of bearer tokens ("name token" per line); without it the API asks no authentication. */
    private Path tokenFile;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    public Path getTokenFile() {
        return tokenFile;
    }

    public void setTokenFile(Path tokenFile) {
        this.tokenFile = tokenFile;
    }
}
