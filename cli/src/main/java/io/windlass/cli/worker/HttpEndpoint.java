package io.windlass.cli.worker;

import io.windlass.consumer.Consumer;
import io.windlass.consumer.client.TaskClient;
import io.windlass.etcd.EtcdCoordinator;
import io.windlass.examples.handlers.ExampleHandlers;
import io.micrometer.core.instrument.MeterRegistry;
import io.windlass.http.HttpServerBuilder;
import io.windlass.http.WindlassHttpServer;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.HandlerRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how {@code worker --http} / {@code serve --http} serve the HTTP API.
 *
 * @param tokenFile bearer tokens (null: no auth; the API is then open to whoever reaches the address)
 * @param basePath  the path prefix everything is served under ("" for none), e.g. {@code /windlass} behind a proxy
 */
public record HttpEndpoint(String host, int port, Path tokenFile, boolean readOnly, String basePath) {
    public HttpEndpoint {
        Objects.requireNonNull(host, "host");
        basePath = basePath == null ? "" : basePath;
        if (host.isBlank() || port < 0 || port > 65535) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "--http needs HOST:PORT with a port 0..65535");
        }
    }

    public HttpEndpoint(String host, int port, Path tokenFile, boolean readOnly) {
        this(host, port, tokenFile, readOnly, "");
    }

    /** The dashboard's address once {@code server} runs. */
    public String dashboardUrl(WindlassHttpServer server) {
        String h = server.address().getHostString();
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + server.address().getPort() + basePath + "/";
    }

    /**
     * Starts a server for {@code client} (and {@code consumer}/{@code coordinator} when not null), checking submitted
     * props against the example handlers.
     *
     * @throws WindlassException INVALID_ARGUMENT when the address cannot be bound or the token file is bad
     */
    public WindlassHttpServer start(TaskClient client, Consumer consumer, EtcdCoordinator coordinator) {
        return start(client, consumer, coordinator, null);
    }

    /**
     * {@link #start(TaskClient, Consumer, EtcdCoordinator)} with the meters on {@code meters} (null: the server's
     * own), e.g. one the coordinator's {@code WindlassMetrics.etcdObserver} already reports to.
     */
    public WindlassHttpServer start(TaskClient client, Consumer consumer, EtcdCoordinator coordinator,
                                    MeterRegistry meters) {
        HandlerRegistry registry = ExampleHandlers.registry();
        try {
            HttpServerBuilder b = WindlassHttpServer.builder().client(client).consumer(consumer)
                    .coordinator(coordinator).bind(host, port).readOnly(readOnly).basePath(basePath)
                    .propsValidator((type, props) -> ExampleHandlers.validateProps(registry, type, props));
            if (meters != null) {
                b.meterRegistry(meters);
            }
            if (tokenFile != null) {
                b.authTokensFile(tokenFile);
            }
            return b.build().start();
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "--http " + host + ":" + port + ": "
                    + e.getMessage());
        }
    }
}
