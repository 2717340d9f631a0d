package io.windlass.cli;

import io.windlass.cli.worker.HttpEndpoint;
import io.windlass.http.WindlassHttpServer;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code serve --http HOST:PORT}: the HTTP API of a namespace, without running tasks, until SIGTERM/SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true, header = "Serve the HTTP API and the dashboard of a namespace (no tasks run).",
        description = {"Serves the JSON API (/api/v1), the web dashboard (/), /health/live, /health/ready and /metrics"
                + " for a namespace",
                "without running tasks, until SIGTERM or Ctrl-C. Binds 127.0.0.1 unless told otherwise.",
                "Fields and errors: docs/http-api.md."})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    HttpOptions http;

    @ParentCommand
    WindlassCli root;

    @Override
    public Integer call() throws InterruptedException {
        HttpEndpoint endpoint = http.endpoint();
        if (endpoint == null) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "serve needs --http HOST:PORT");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (Connection c = root.connections().open(connection.etcd(), connection.namespace(), connection.timeout(),
                connection.security())) {
            WindlassHttpServer server = endpoint.start(c.client(), null, null);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "windlass-serve-shutdown"));
            System.err.println("serving namespace " + connection.namespace() + " on http://"
                    + server.address().getHostString() + ":" + server.address().getPort() + "; dashboard: "
                    + endpoint.dashboardUrl(server));
            stopped.await();
        }
        return ExitCodes.OK;
    }
}
