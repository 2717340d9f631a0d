package io.windlass.bench;

import io.etcd.jetcd.Client;
import io.windlass.etcd.EtcdClients;
import io.windlass.cli.support.Json;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.launcher.EtcdLauncher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The etcd a benchmark runs against: either its own single member (started with the launcher
 * {@link EtcdLauncher}: temp data dir, free loopback port in [10000, 32767], SIGKILLed and deleted on close) or an
 * external endpoint ({@code --etcd}), which is never stopped. Thread-safe.
 */
final class EtcdTarget implements AutoCloseable {
    private final String endpoint;
    private final EtcdLauncher own;

    private EtcdTarget(String endpoint, EtcdLauncher own) {
        this.endpoint = endpoint;
        this.own = own;
    }

    /** Starts a fresh single-member etcd (fails with how to install etcd when the binary is missing). */
    static EtcdTarget startOwn() {
        return startOwn(false);
    }

    /**
     * As {@link #startOwn()}; {@code large} adds what a namespace of a million tasks needs: an 8 GiB backend quota
     * and revision auto-compaction (keeping the last 10,000 revisions), as a production etcd would run.
     */
    static EtcdTarget startOwn(boolean large) {
        EtcdLauncher.Builder<EtcdLauncher> builder = EtcdLauncher.configure().members(1)
                .startTimeout(Duration.ofSeconds(30));
        if (large) {
            builder.quotaBackendBytes(LARGE_QUOTA_BYTES).extraArgs("--auto-compaction-mode=revision",
                    "--auto-compaction-retention=10000");
        }
        EtcdLauncher etcd = builder.build();
        etcd.start();
        return new EtcdTarget(etcd.endpoints().get(0), etcd);
    }

    /** The backend quota of {@link #startOwn(boolean) startOwn(true)}. */
    static final long LARGE_QUOTA_BYTES = 8L * 1024 * 1024 * 1024;

    static EtcdTarget external(String url) {
        String u = url.contains("://") ? url : "http://" + url;
        return new EtcdTarget(u, null);
    }

    String endpoint() {
        return endpoint;
    }

    boolean own() {
        return own != null;
    }

    /** A jetcd client configured as Windlass uses it (the caller closes it). */
    Client connect() {
        return EtcdClients.connect(endpoint);
    }

    /** etcd's server version from its {@code /version} endpoint, or "unknown". */
    String version() {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/version"))
                    .timeout(Duration.ofSeconds(3)).GET().build();
            String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            return Json.parse("etcd /version", body).path("etcdserver").asText("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WindlassException(ErrorCode.UNAVAILABLE, "interrupted", e);
        }
    }

    /**
     * etcd's {@code etcd_server_proposals_committed_total} from {@code /metrics}: raft entries committed (every write
     * txn is one; so are lease grants/revokes). The difference over a window, next to the transitions stored in it,
     * gives the average number of transitions per txn. -1 when unavailable.
     */
    long proposalsCommitted() {
        return metrics("etcd_server_proposals_committed_total").get(0).longValue();
    }

    /**
     * Gauges or counters without labels from ONE read of etcd's {@code /metrics} (e.g.
     * {@code etcd_mvcc_db_total_size_in_bytes}), in the order asked; -1 for each that is unavailable.
     */
    List<Double> metrics(String... names) {
        Double[] values = new Double[names.length];
        Arrays.fill(values, -1.0);
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            for (String line : http.send(request, HttpResponse.BodyHandlers.ofString()).body().split("\n")) {
                for (int i = 0; i < names.length; i++) {
                    if (line.startsWith(names[i] + " ")) {
                        values[i] = Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // unavailable: -1 each
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WindlassException(ErrorCode.UNAVAILABLE, "interrupted", e);
        }
        return List.of(values);
    }

    /** Resident memory of the own etcd process in bytes (VmRSS); -1 when unknown or external. */
    long rssBytes() {
        return own == null ? -1 : Machine.rssBytes(String.valueOf(own.member(0).pid()));
    }

    /** CPU time (user + system) the own etcd process used so far, in nanoseconds; -1 when unknown or external. */
    long cpuNanos() {
        if (own == null) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + own.member(0).pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            return ticks * 10_000_000L; // USER_HZ = 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Stops the own etcd (SIGKILL, data dir deleted); an external one is left alone. */
    @Override
    public void close() {
        if (own != null) {
            own.close();
        }
    }
}
