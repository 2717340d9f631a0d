package io.windlass.launcher;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * etcd's HTTP surface, without jetcd: {@code GET /health} and a few calls of the v3 JSON gRPC gateway. Responses are
 * tiny and flat, so fields are read with regular expressions (the gateway writes 64-bit numbers as JSON strings).
 * Every call has a timeout; failures are {@link WindlassException}s (UNAVAILABLE for transport problems and timeouts,
 * INVALID_ARGUMENT for an error answer such as "required revision has been compacted", INTERRUPTED with the interrupt
 * flag restored). Thread-safe; any thread.
 */
final class EtcdHttp {
    /** Timeout of quick calls (health, status, range, alarms). */
    static final Duration QUICK = Duration.ofSeconds(2);
    /** Timeout of slow calls (compaction, defragmentation). */
    static final Duration SLOW = Duration.ofSeconds(30);

    private static final Pattern REVISION = Pattern.compile("\"revision\"\\s*:\\s*\"?(\\d+)");
    private static final Pattern MEMBER_ID = Pattern.compile("\"member_id\"\\s*:\\s*\"?(\\d+)");
    private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*\"?(\\d+)");
    private static final Pattern ALARM = Pattern.compile("\\{[^{}]*\"alarm\"\\s*:\\s*\"(\\w+)\"[^{}]*}");
    private static final Pattern ALARM_MEMBER = Pattern.compile("\"memberID\"\\s*:\\s*\"?(\\d+)");
    private static final Pattern HEALTHY = Pattern.compile("\"health\"\\s*:\\s*\"?true");

    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    /** One plaintext client (one selector thread) for the whole JVM; declared after the constants it needs. */
    private static final HttpClient PLAIN = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(QUICK)
            .build();

    private final HttpClient client;
    private volatile String user;
    private volatile String password;
    private volatile String token;

    private EtcdHttp(HttpClient client) {
        this.client = client;
    }

    /** Calls over plaintext http (the shared client). */
    static EtcdHttp plain() {
        return new EtcdHttp(PLAIN);
    }

    /** Calls over https trusting {@code tls}'s CA and presenting its client certificate. */
    static EtcdHttp tls(EtcdTls tls) {
        return new EtcdHttp(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(QUICK)
                .sslContext(TlsContexts.forClient(tls.caCert(), tls.clientCert(), tls.clientKey()))
                .build());
    }

    /**
     * From now on every gateway call authenticates as {@code user} (a token from {@code /v3/auth/authenticate},
     * fetched again when etcd calls it invalid or old); null clears it.
     */
    void credentials(String user, String password) {
        this.user = user;
        this.password = password;
        this.token = null;
    }

    /** POSTs to the v3 JSON gateway with the current credentials and returns the body (for the auth calls). */
    String call(String endpoint, String path, String json) {
        return post(endpoint, path, json, QUICK);
    }

    /** One active alarm: the member that raised it and its type (NOSPACE, CORRUPT). */
    record Alarm(String memberId, String type) {}

    /** Member identity and its view of the leader, from {@code /v3/maintenance/status}. */
    record Status(String memberId, String leaderId) {}

    /** True if {@code GET /health} answers 200 with health true within {@link #QUICK}; throws only INTERRUPTED. */
    boolean healthy(String endpoint) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/health")).timeout(QUICK).GET().build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && HEALTHY.matcher(response.body()).find();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    /** The store's current revision as seen by {@code endpoint}. */
    long currentRevision(String endpoint) {
        String body = post(endpoint, "/v3/kv/range", "{\"key\":\"AA==\",\"count_only\":true}", QUICK);
        return Long.parseLong(field(REVISION, body, endpoint));
    }

    /** Compacts history up to {@code revision} and waits until it is physically applied. */
    void compact(String endpoint, long revision) {
        post(endpoint, "/v3/kv/compaction", "{\"revision\":\"" + revision + "\",\"physical\":true}", SLOW);
    }

    /** Defragments the backend of the member at {@code endpoint} (one member only). */
    void defragment(String endpoint) {
        post(endpoint, "/v3/maintenance/defragment", "{}", SLOW);
    }

    Status status(String endpoint) {
        String body = post(endpoint, "/v3/maintenance/status", "{}", QUICK);
        Matcher leader = LEADER.matcher(body);
        return new Status(field(MEMBER_ID, body, endpoint), leader.find() ? leader.group(1) : "0");
    }

    List<Alarm> alarms(String endpoint) {
        String body = post(endpoint, "/v3/maintenance/alarm", "{\"action\":\"GET\"}", QUICK);
        List<Alarm> alarms = new ArrayList<>();
        Matcher each = ALARM.matcher(body);
        while (each.find()) {
            Matcher member = ALARM_MEMBER.matcher(each.group());
            alarms.add(new Alarm(member.find() ? member.group(1) : "0", each.group(1)));
        }
        return alarms;
    }

    void disarm(String endpoint, Alarm alarm) {
        post(endpoint, "/v3/maintenance/alarm", "{\"action\":\"DEACTIVATE\",\"memberID\":\"" + alarm.memberId()
                + "\",\"alarm\":\"" + alarm.type() + "\"}", QUICK);
    }

    private String post(String endpoint, String path, String json, Duration timeout) {
        if (user == null) {
            return post(endpoint, path, json, timeout, null);
        }
        try {
            return post(endpoint, path, json, timeout, token(endpoint));
        } catch (WindlassException e) {
            String m = String.valueOf(e.getMessage());
            if (!m.contains("invalid auth token") && !m.contains("revision of auth store is old")) {
                throw e;
            }
            token = null; // expired or the auth store changed: a new token, once
            return post(endpoint, path, json, timeout, token(endpoint));
        }
    }

    private String token(String endpoint) {
        String current = token;
        if (current == null) {
            String body = post(endpoint, "/v3/auth/authenticate", "{\"name\":" + json(user) + ",\"password\":"
                    + json(password) + "}", QUICK, null);
            current = field(TOKEN, body, endpoint);
            token = current;
        }
        return current;
    }

    /** A JSON string literal. */
    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private String post(String endpoint, String path, String json, Duration timeout, String authToken) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authToken != null) {
            builder.header("Authorization", authToken);
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                        "etcd " + endpoint + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (HttpTimeoutException e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE,
                    "etcd " + endpoint + path + " did not answer within " + timeout, e);
        } catch (IOException e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "etcd " + endpoint + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private static String field(Pattern pattern, String body, String endpoint) {
        Matcher matcher = pattern.matcher(body);
        if (!matcher.find()) {
            throw new WindlassException(ErrorCode.INTERNAL, "unexpected answer from etcd " + endpoint + ": " + body);
        }
        return matcher.group(1);
    }

    static WindlassException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new WindlassException(ErrorCode.INTERRUPTED, "interrupted while talking to etcd", e);
    }
}
