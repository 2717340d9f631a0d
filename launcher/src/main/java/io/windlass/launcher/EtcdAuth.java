package io.windlass.launcher;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * etcd users, roles and auth through the v3 JSON gateway ({@code /v3/auth/...}), the same calls as {@code etcdctl user
 * add}, {@code role add}, {@code role grant-permission}, {@code user grant-role} and {@code auth enable}. Creating a
 * user or role that exists is not an error. Once auth is enabled, the cluster's HTTP calls authenticate as root.
 */
final class EtcdAuth {
    private final EtcdHttp http;
    private final Supplier<String> endpoint;

    EtcdAuth(EtcdHttp http, Supplier<String> endpoint) {
        this.http = http;
        this.endpoint = endpoint;
    }

    void enable(String rootPassword) {
        addUser("root", rootPassword);
        addRole("root");
        call("/v3/auth/user/grant", "{\"user\":\"root\",\"role\":\"root\"}");
        call("/v3/auth/enable", "{}");
        http.credentials("root", rootPassword);
    }

    void addUser(String user, String password) {
        ifNew(() -> call("/v3/auth/user/add", "{\"name\":" + EtcdHttp.json(user) + ",\"password\":"
                + EtcdHttp.json(password) + "}"));
    }

    void grantPrefix(String user, String role, String prefix) {
        if (prefix.isEmpty()) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "the prefix must not be empty");
        }
        addRole(role);
        byte[] key = prefix.getBytes(StandardCharsets.UTF_8);
        call("/v3/auth/role/grant", "{\"name\":" + EtcdHttp.json(role) + ",\"perm\":{\"permType\":\"READWRITE\","
                + "\"key\":\"" + base64(key) + "\",\"range_end\":\"" + base64(prefixEnd(key)) + "\"}}");
        call("/v3/auth/user/grant", "{\"user\":" + EtcdHttp.json(user) + ",\"role\":" + EtcdHttp.json(role) + "}");
    }

    private void addRole(String role) {
        ifNew(() -> call("/v3/auth/role/add", "{\"name\":" + EtcdHttp.json(role) + "}"));
    }

    /** The first key after every key starting with {@code prefix} (etcd's range end of a prefix). */
    static byte[] prefixEnd(byte[] prefix) {
        byte[] end = Arrays.copyOf(prefix, prefix.length);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return new byte[] {0};
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private void call(String path, String json) {
        http.call(endpoint.get(), path, json);
    }

    private static void ifNew(Runnable create) {
        try {
            create.run();
        } catch (WindlassException e) {
            if (!String.valueOf(e.getMessage()).contains("already exists")) {
                throw e;
            }
        }
    }
}
