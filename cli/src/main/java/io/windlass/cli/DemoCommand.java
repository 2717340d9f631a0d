package io.windlass.cli;

import io.windlass.cli.demo.Demo;
import io.windlass.cli.demo.DemoSettings;
import io.windlass.examples.support.Durations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: several nodes in one JVM, a task mix, a live view and a scripted tour. */
@Command(name = "demo", mixinStandardHelpOptions = true, header = "Run the demo: nodes, tasks, a live view and a tour.",
        description = {"Runs consumer nodes in this JVM on the embedded in-memory coordinator (or on etcd with",
                "--etcd), submits a mix of example tasks and shows a live view. Part-way it pauses and runs a task,",
                "kills one, lets a node leave (its tasks move) and a new node join with a rebalance; then prints a",
                "summary and exits 0."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "nodes at start (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--tasks", paramLabel = "N", defaultValue = "12", description = "tasks (default ${DEFAULT-VALUE})")
    int tasks;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "60s",
            description = "how long to run: 20s, 2m, PT90S (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--etcd", paramLabel = "URL",
            description = "run on etcd at URL instead of the embedded in-memory coordinator")
    String etcd;

    @Option(names = "--namespace", paramLabel = "NS",
            description = "namespace (default: demo, or demo-<time> on etcd so runs do not collide)")
    String namespace;

    @Option(names = "--http", paramLabel = "HOST:PORT",
            description = "also serve the HTTP API and the web dashboard here, e.g. 127.0.0.1:8080 (the URL is printed)")
    String http;

    @Option(names = "--plain", description = "plain line output (no screen control), for logs and CI")
    boolean plain;

    @Override
    public Integer call() throws InterruptedException {
        String ns = namespace != null ? namespace
                : etcd == null ? "demo" : "demo-" + Long.toString(java.time.Clock.systemUTC().millis(), 36);
        DemoSettings settings = new DemoSettings(nodes, tasks, Durations.parse(duration), etcd, ns, plain);
        HttpOptions httpOptions = new HttpOptions();
        httpOptions.http = http;
        return Demo.run(settings, spec.commandLine().getOut(), httpOptions.endpoint());
    }
}
