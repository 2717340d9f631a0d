package io.windlass.cli;

import io.windlass.examples.support.Durations;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options every command that talks to etcd takes: {@code --etcd}, {@code --namespace}, {@code --timeout}. */
public final class ConnectionOptions {
    public static final String DEFAULT_ETCD = "http://127.0.0.1:2379";

    @Option(names = "--etcd", paramLabel = "URL", defaultValue = "${env:WINDLASS_ETCD:-" + DEFAULT_ETCD + "}",
            description = "etcd endpoint(s), comma separated (default: $WINDLASS_ETCD, else ${DEFAULT-VALUE})")
    String etcd;

    @Option(names = "--namespace", paramLabel = "NS", defaultValue = "windlass",
            description = "task namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "bound on each etcd call, e.g. 5s, 500ms (default: ${DEFAULT-VALUE})")
    String timeout;

    public String etcd() {
        return etcd;
    }

    public String namespace() {
        return namespace;
    }

    public Duration timeout() {
        return Durations.parse(timeout);
    }
}
