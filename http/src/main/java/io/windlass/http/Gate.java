package io.windlass.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one handler in front of every route: overload (503 BUSY when the bounded pool is full), routing (404/405),
 * security headers, CORS for allowed origins only, auth (401), read-only (403 READ_ONLY for every POST and DELETE),
 * CSRF for writes (403 CSRF), error mapping to {@code {"error":{"code","message"}}}, the audit line of each write and
 * the {@code windlass.http.requests} timer. Runs on the server's pool threads; stateless apart from its config.
 */
final class Gate implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Gate.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("io.windlass.http.audit");
    static final String CSRF_HEADER = "X-Windlass-Csrf";
    static final String UI_HEADER = "X-Windlass-Ui";
    /** What {@link #serve} returns for a {@link Reply#STREAMED} answer. */
    private static final int STREAMED = -1;

    private final List<Route> routes;
    private final ServerConfig config;
    private final MeterRegistry registry;

    Gate(List<Route> routes, ServerConfig config) {
        this.routes = List.copyOf(routes);
        this.config = config;
        this.registry = config.registry();
    }

    @Override
    public void handle(HttpExchange ex) {
        long start = System.nanoTime();
        String[] routeName = {"unmatched"};
        int status = 500;
        boolean streamed = false;
        try {
            status = serve(ex, routeName);
            streamed = status == STREAMED;
        } catch (IOException | RuntimeException e) {
            LOG.debug("request {} {} ended early: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
        } finally {
            if (streamed) {
                status = 200; // the stream's writer owns and closes the exchange
            } else {
                ex.close();
            }
            Timer.builder("windlass.http.requests").description("HTTP requests served, by route and status")
                    .tags(config.tags()).tag("method", bounded(ex.getRequestMethod())).tag("route", routeName[0])
                    .tag("status", Integer.toString(status)).register(registry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private int serve(HttpExchange ex, String[] routeName) throws IOException {
        Headers out = ex.getResponseHeaders();
        securityHeaders(out);
        String origin = ex.getRequestHeaders().getFirst("Origin");
        boolean allowedOrigin = origin != null && config.allowedOrigins().contains(origin);
        if (allowedOrigin) {
            out.set("Access-Control-Allow-Origin", origin);
            out.set("Vary", "Origin");
        }
        String method = ex.getRequestMethod();
        Route route = null;
        String who = null;
        try {
            if (!(Thread.currentThread() instanceof ServerThreads.Worker)) {
                throw new ApiError(503, "BUSY", "too many concurrent requests; retry later");
            }
            if (method.equals("OPTIONS")) {
                return preflight(ex, allowedOrigin);
            }
            boolean writeMethod = method.equals("POST") || method.equals("DELETE");
            if (writeMethod && config.readOnly()) {
                throw new ApiError(403, "READ_ONLY", "this server is read-only: no POST or DELETE");
            }
            String path = withoutBase(ex.getRequestURI().getRawPath());
            List<String> params = null;
            Set<String> allowed = new java.util.TreeSet<>();
            for (Route r : routes) {
                List<String> p = r.match(path);
                if (p != null) {
                    allowed.add(r.method());
                    if (r.method().equals(method)) {
                        route = r;
                        params = p;
                        break;
                    }
                }
            }
            if (route == null) {
                if (!allowed.isEmpty()) {
                    out.set("Allow", String.join(", ", allowed));
                    throw new ApiError(405, "METHOD_NOT_ALLOWED", method + " is not allowed here; use " + allowed);
                }
                throw new ApiError(404, "NOT_FOUND", "no such endpoint: " + path);
            }
            routeName[0] = route.name();
            who = route.open() ? "anonymous" : config.auth().who(ex.getRequestHeaders().getFirst("Authorization"));
            if (who == null) {
                // the dashboard asks for credentials itself: a renamed scheme keeps the browser's own prompt away
                boolean ui = "1".equals(ex.getRequestHeaders().getFirst(UI_HEADER));
                out.set("WWW-Authenticate", (ui ? "Windlass-" : "") + config.auth().challenge());
                throw new ApiError(401, "UNAUTHORIZED", "missing or wrong credentials");
            }
            if (route.write()) {
                csrf(ex, origin, allowedOrigin);
            }
            Reply reply = route.endpoint().serve(new Call(ex, params, who, config.maxBodyBytes()));
            if (reply == Reply.STREAMED) {
                return STREAMED;
            }
            send(ex, reply);
            if (route.write()) {
                AUDIT.info("write by {} from {}: {} {} -> {}", who, ex.getRemoteAddress(), method,
                        ex.getRequestURI().getRawPath(), reply.status());
            }
            return reply.status();
        } catch (ApiError e) {
            return fail(ex, route, who, e);
        } catch (WindlassException e) {
            return fail(ex, route, who, ApiError.of(e));
        } catch (RuntimeException e) {
            LOG.error("internal error serving {} {}", method, ex.getRequestURI(), e);
            return fail(ex, route, who, new ApiError(500, "INTERNAL", "internal error: " + e.getClass().getName()));
        }
    }

    private int fail(HttpExchange ex, Route route, String who, ApiError e) throws IOException {
        String method = ex.getRequestMethod();
        if (route != null ? route.write() : method.equals("POST") || method.equals("DELETE")) {
            AUDIT.info("write by {} from {}: {} {} -> {} {}", who == null ? "(not authenticated)" : who,
                    ex.getRemoteAddress(), method, ex.getRequestURI().getRawPath(), e.status(), e.code());
        }
        send(ex, Reply.json(e.status(), Json.error(e.code(), e.getMessage())));
        return e.status();
    }

    /** Writes need the custom header (a cross-site form or simple request cannot set it) and a trusted Origin. */
    private void csrf(HttpExchange ex, String origin, boolean allowedOrigin) {
        if (!"1".equals(ex.getRequestHeaders().getFirst(CSRF_HEADER))) {
            throw new ApiError(403, "CSRF", "writes need the header " + CSRF_HEADER + ": 1");
        }
        String host = ex.getRequestHeaders().getFirst("Host");
        boolean sameOrigin = origin != null && host != null
                && (origin.equals("http://" + host) || origin.equals("https://" + host));
        if (origin != null && !sameOrigin && !allowedOrigin) {
            throw new ApiError(403, "CSRF", "origin " + origin + " may not write here");
        }
        String site = ex.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if ("cross-site".equals(site) && !allowedOrigin) {
            throw new ApiError(403, "CSRF", "cross-site writes are refused");
        }
    }

    private int preflight(HttpExchange ex, boolean allowedOrigin) throws IOException {
        if (!allowedOrigin) {
            throw new ApiError(403, "FORBIDDEN", "cross-origin requests are allowed from configured origins only");
        }
        Headers out = ex.getResponseHeaders();
        out.set("Access-Control-Allow-Methods", config.readOnly() ? "GET" : "GET, POST, DELETE");
        out.set("Access-Control-Allow-Headers", "Authorization, Content-Type, " + CSRF_HEADER);
        out.set("Access-Control-Max-Age", "600");
        ex.sendResponseHeaders(204, -1);
        return 204;
    }

    private static void send(HttpExchange ex, Reply reply) throws IOException {
        ex.getResponseHeaders().set("Content-Type", reply.contentType());
        reply.headers().forEach(ex.getResponseHeaders()::set);
        byte[] body = reply.body();
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(reply.status(), head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    private static void securityHeaders(Headers h) {
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
    }

    /** The path without the configured base path; a path outside it is served as is (probes, stripping proxies). */
    private String withoutBase(String raw) {
        String base = config.basePath();
        if (!base.isEmpty() && raw.startsWith(base)
                && (raw.length() == base.length() || raw.charAt(base.length()) == '/')) {
            return raw.substring(base.length());
        }
        return raw;
    }

    private static String bounded(String method) {
        return Set.of("GET", "POST", "DELETE", "OPTIONS", "HEAD").contains(method) ? method : "OTHER";
    }
}
