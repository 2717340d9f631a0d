package io.windlass.cli.support;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.net.URI;
import java.util.Arrays;

/** Parses an {@code --etcd} value: one or more comma-separated {@code http(s)://host:port} URLs. */
public final class EtcdEndpoints {
    private EtcdEndpoints() {
    }

    /** @throws WindlassException INVALID_ARGUMENT naming the bad endpoint */
    public static String[] parse(String endpoint) {
        String[] parts = endpoint == null ? new String[0] : Arrays.stream(endpoint.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toArray(String[]::new);
        if (parts.length == 0) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "--etcd needs a URL like http://127.0.0.1:2379");
        }
        for (String p : parts) {
            URI uri;
            try {
                uri = URI.create(p);
            } catch (IllegalArgumentException e) {
                throw bad(p);
            }
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null
                    || uri.getPort() < 1) {
                throw bad(p);
            }
        }
        return parts;
    }

    private static WindlassException bad(String p) {
        return new WindlassException(ErrorCode.INVALID_ARGUMENT,
                "invalid etcd endpoint '" + p + "': use a URL like http://127.0.0.1:2379");
    }
}
