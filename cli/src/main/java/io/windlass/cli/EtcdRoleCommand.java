package io.windlass.cli;

import io.windlass.cli.support.EtcdEndpoints;
import io.windlass.cli.support.EtcdSecurity;
import io.windlass.examples.support.Durations;
import io.windlass.etcd.EtcdConnection;
import io.windlass.etcd.NamespaceRole;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code etcd-role}: prints the etcd role a namespace's workers and clients need (readwrite on {@code /<ns>/}, nothing
 * else) and the equivalent etcdctl commands; with {@code --apply} creates it and grants it to {@code --user}, connecting
 * as an etcd admin: {@code --admin-user}/{@code --admin-password-file}, or a client certificate whose CN is root. Here
 * {@code --user} names the grantee, so this command has its own connection options instead of the common ones.
 */
@Command(name = "etcd-role", mixinStandardHelpOptions = true,
        header = "Print (or apply) the etcd role a namespace needs.",
        description = {"Prints the etcd role windlass-<NS> that lets USER run workers and clients of namespace NS:",
                "readwrite on the key range [/<NS>/, /<NS>0) — every key Windlass writes lies there; leases need no",
                "permission in etcd 3.4. Also prints the same as etcdctl commands. With --apply, creates the role",
                "and grants it to USER over --etcd, authenticated as an etcd admin (--admin-user root, --cacert,",
                "or --cert/--key of a certificate with CN root).",
                "A user with this role can write anything in the namespace (e.g. forge claims): etcd RBAC is",
                "the boundary between namespaces, not Windlass (docs/security.md)."})
final class EtcdRoleCommand implements Callable<Integer> {
    @Option(names = "--namespace", paramLabel = "NS", defaultValue = "windlass",
            description = "the namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(names = "--user", paramLabel = "USER", required = true,
            description = "the etcd user that gets the role (the worker's or client's user)")
    String grantee;

    @Option(names = "--etcd", paramLabel = "URL", defaultValue = "${env:WINDLASS_ETCD:-" + ConnectionOptions.DEFAULT_ETCD
            + "}", description = "etcd endpoint(s) for --apply (default: $WINDLASS_ETCD, else ${DEFAULT-VALUE})")
    String etcd;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "bound on each etcd call (default: ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = "--cacert", paramLabel = "FILE", defaultValue = "${env:WINDLASS_CACERT}",
            description = "PEM CA file (default $WINDLASS_CACERT)")
    String caCert;

    @Option(names = "--cert", paramLabel = "FILE", description = "PEM client certificate (mutual TLS)")
    String cert;

    @Option(names = "--key", paramLabel = "FILE", description = "PEM key of --cert")
    String key;

    @Option(names = "--admin-user", paramLabel = "USER[:PASSWORD]", description = "etcd admin for --apply (root)")
    String adminUser;

    @Option(names = "--admin-password-file", paramLabel = "FILE", description = "file holding the admin's password")
    String adminPasswordFile;

    @Option(names = "--insecure-skip-tls-verify", description = "TLS without verifying etcd's certificate (tests)")
    boolean insecureSkipTlsVerify;

    @Option(names = "--apply", description = "create the role and grant it (as the etcd admin given by --user)")
    boolean apply;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        NamespaceRole role = NamespaceRole.of(namespace, grantee);
        PrintWriter out = spec.commandLine().getOut();
        out.println("role " + role.role() + ": readwrite on [" + role.prefix() + ", " + role.rangeEnd()
                + ") granted to user " + role.user());
        out.println("etcdctl equivalent (as root; the user must exist: etcdctl user add " + role.user() + "):");
        for (String command : role.etcdctlCommands()) {
            out.println("  " + command);
        }
        if (apply) {
            Duration bound = Durations.parse(timeout);
            EtcdSecurity security = EtcdSecurity.of(caCert, cert, key, null, adminUser, adminPasswordFile, null,
                    insecureSkipTlsVerify);
            try (EtcdConnection admin = security.applyTo(EtcdConnection.builder(EtcdEndpoints.parse(etcd)))
                    .connectTimeout(bound).build()) {
                role.apply(admin, bound);
            }
            out.println("applied on " + etcd);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
