package io.windlass.cli;

import io.windlass.examples.support.Durations;
import io.windlass.cli.worker.Worker;
import io.windlass.cli.worker.WorkerConfig;
import io.windlass.cli.worker.WorkerGroup;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code worker}: runs a consumer node with the example handlers until SIGTERM/SIGINT. */
@Command(name = "worker", mixinStandardHelpOptions = true, header = "Run a consumer node (example handlers) on etcd.",
        description = {"Runs a consumer node with the example handlers (counter, flaky, forever) until SIGTERM or",
                "Ctrl-C, then shuts down gracefully (releases its tasks for the other nodes). SIGHUP re-reads the",
                "--cacert/--cert/--key files (certificate rotation). Logs one line per",
                "stored transition to stderr: transition task=.. from=.. command=.. to=.. fence=.. node=.."})
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    HttpOptions http;

    @Option(names = "--node", paramLabel = "ID", description = "node id (default: <hostname>-<pid>)")
    String node;

    @Option(names = "--lease-ttl", paramLabel = "DURATION", defaultValue = "10s",
            description = "lease TTL: how long the node's tasks survive it after a crash (default ${DEFAULT-VALUE})")
    String leaseTtl;

    @Option(names = "--balance-interval", paramLabel = "DURATION", defaultValue = "30s",
            description = "how often the balancer runs (default ${DEFAULT-VALUE})")
    String balanceInterval;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "30s",
            description = "how long a graceful stop waits for running steps (default ${DEFAULT-VALUE})")
    String shutdownGrace;

    @Option(names = "--config", paramLabel = "FILE", description = {"serve several etcd clusters and namespaces in "
            + "this process, one consumer each, as FILE lists them (JSON, see WorkerConfig); --node is then the node id "
            + "prefix"})
    Path config;

    @Option(names = "--wait-for-node-id", paramLabel = "DURATION", defaultValue = "0s",
            description = {"while another live process holds the node id, wait up to this long for it to go",
                    "(default ${DEFAULT-VALUE}: exit at once with code 2, naming the holder)"})
    String waitForNodeId;

    @Option(names = "--tls-reload-interval", paramLabel = "DURATION", defaultValue = "30s",
            description = {"how often the --cacert/--cert/--key files are checked for changes (certificate rotation;",
                    "new connections to etcd use the new files); 0s: only on SIGHUP (default ${DEFAULT-VALUE})"})
    String tlsReloadInterval;

    @Override
    public Integer call() throws InterruptedException {
        if (config != null) {
            AtomicReference<WorkerGroup> started = new AtomicReference<>();
            Worker.reloadTlsOnSighup(() -> started.get() != null && started.get().reloadTls());
            WorkerGroup group = WorkerGroup.start(WorkerConfig.read(config, node != null ? node : defaultNodeId())
                    .stream().map(this::withReloadInterval).toList());
            started.set(group);
            Runtime.getRuntime().addShutdownHook(new Thread(group::stop, "windlass-worker-shutdown"));
            group.awaitStopped();
            return ExitCodes.OK;
        }
        Worker.Settings settings = new Worker.Settings(connection.etcd(), connection.namespace(),
                node != null ? node : defaultNodeId(), Durations.parse(leaseTtl), Durations.parse(balanceInterval),
                connection.timeout(), Durations.parse(shutdownGrace),
                connection.security().withTlsReloadInterval(Durations.parse(tlsReloadInterval)));
        AtomicReference<Worker> started = new AtomicReference<>();
        Worker.reloadTlsOnSighup(() -> started.get() != null && started.get().reloadTls());
        Worker worker = Worker.start(settings, http.endpoint(), Durations.parse(waitForNodeId));
        started.set(worker);
        Thread hook = new Thread(worker::stop, "windlass-worker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        worker.awaitStopped();
        return ExitCodes.OK;
    }

    private Worker.Settings withReloadInterval(Worker.Settings s) {
        return new Worker.Settings(s.etcd(), s.namespace(), s.nodeId(), s.leaseTtl(), s.balanceInterval(), s.timeout(),
                s.shutdownGrace(), s.security().withTlsReloadInterval(Durations.parse(tlsReloadInterval)));
    }

    static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        String id = host.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + ProcessHandle.current().pid();
        return id.length() > 60 ? id.substring(id.length() - 60) : id;
    }
}
