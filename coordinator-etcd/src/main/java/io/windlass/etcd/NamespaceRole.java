package io.windlass.etcd;

import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.auth.Permission;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The etcd role a worker or client of one namespace needs, and nothing more: readwrite on the key range
 * {@code [/<ns>/, /<ns>0)} — every key of the layout (tasks, states, claims, commands, nodes, node commands, group
 * commit markers) lies under {@code /<ns>/} (docs/etcd-layout.md). Leases need no permission in etcd 3.4 (granting and
 * keeping alive are open to every authenticated user; revoking needs write access to the keys on the lease, which are
 * all in the namespace), and watches need read access to the watched range, which the grant covers.
 *
 * <p>A user with this role can do everything in the namespace a worker can — including writing claims and states as
 * any node (forging a claim): etcd RBAC, not Windlass, is the boundary between namespaces (docs/security.md).
 *
 * @param namespace the namespace
 * @param user      the etcd user to grant the role to
 * @param role      the role's name, {@code windlass-<ns>}
 */
public record NamespaceRole(String namespace, String user, String role) {

    /** The role of {@code namespace} for {@code user}; the namespace must be valid (INVALID_ARGUMENT otherwise). */
    public static NamespaceRole of(String namespace, String user) {
        try {
            new Keys(namespace);
        } catch (IllegalArgumentException e) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
        if (user == null || user.isBlank()) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "an etcd user is needed (--user)");
        }
        return new NamespaceRole(namespace, user, "windlass-" + namespace);
    }

    /** {@code /<ns>/}: the start of the granted range. */
    public String prefix() {
        return "/" + namespace + "/";
    }

    /** {@code /<ns>0}: the end of the granted range (exclusive; {@code '0'} follows {@code '/'}). */
    public String rangeEnd() {
        return "/" + namespace + "0";
    }

    /** The same as etcdctl commands (the user must exist: {@code etcdctl user add USER} first). */
    public List<String> etcdctlCommands() {
        return List.of("etcdctl role add " + role,
                "etcdctl role grant-permission " + role + " readwrite " + prefix() + " --prefix=true",
                "etcdctl user grant-role " + user + " " + role);
    }

    /**
     * Creates the role (if missing), grants it readwrite on the namespace's range and grants it to the user, over
     * {@code admin} (a connection as etcd's root or another user with the root role). Idempotent.
     *
     * @throws WindlassException PERMISSION_DENIED / UNAUTHENTICATED when {@code admin} may not administer users,
     *     INVALID_ARGUMENT when the user does not exist, UNAVAILABLE when etcd does not answer within {@code timeout}
     */
    public void apply(EtcdConnection admin, Duration timeout) {
        EtcdCalls calls = new EtcdCalls(timeout, String.join(",", admin.endpoints()), "etcd's auth store",
                admin.identity().orElse(null));
        Auth auth = admin.jetcd().getAuthClient();
        ByteSequence roleName = bytes(role);
        try {
            calls.await(auth.roleAdd(roleName), "add role " + role);
        } catch (WindlassException e) {
            if (!String.valueOf(e.getMessage()).contains("role name already exists")) {
                throw e;
            }
        }
        calls.await(auth.roleGrantPermission(roleName, bytes(prefix()), bytes(rangeEnd()), Permission.Type.READWRITE),
                "grant readwrite on " + prefix() + " to role " + role);
        try {
            calls.await(auth.userGrantRole(bytes(user), roleName), "grant role " + role + " to user " + user);
        } catch (WindlassException e) {
            if (String.valueOf(e.getMessage()).contains("user name not found")) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "etcd user '" + user + "' does not exist: "
                        + "add it first (etcdctl user add " + user + ")", e);
            }
            throw e;
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
