package io.windlass.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskStateMachine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web dashboard (docs/dashboard.md): its static files, loaded once from the jar into memory (a fixed list, so no
 * path ever reaches the class path), served without auth (they hold no data; the page asks for credentials when the
 * API answers 401) under a strict Content-Security-Policy; and the two reads only the dashboard needs:
 * {@code GET /api/v1/statemachine} (the transition table the state diagram is drawn from) and
 * {@code GET /api/v1/server} (read-only or not). Immutable after construction; thread-safe.
 */
final class DashboardRoutes {
    /** Scripts and styles from this server only, no inline code, API calls to this server only. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** The operator's commands, as {@code POST /api/v1/tasks/{id}/commands} takes them. */
    static final List<CommandKind> OPERATOR_COMMANDS = List.of(CommandKind.RUN, CommandKind.PAUSE, CommandKind.SLEEP,
            CommandKind.KILL, CommandKind.RELEASE, CommandKind.CHECKPOINT);
    private static final List<String> FILES = List.of("index.html", "app.css", "app.js", "api.js", "dom.js",
            "overview.js", "tasks.js", "task.js", "timeline.js", "diagram.js", "actions.js", "login.js", "live.js");
    private static final String RESOURCES = "/io/windlass/http/dashboard/";

    private final ServerConfig config;
    private final Map<String, Reply> files = new LinkedHashMap<>();

    DashboardRoutes(ServerConfig config) {
        this.config = config;
        for (String f : FILES) {
            files.put(f, new Reply(200, contentType(f), load(f), Map.of("Content-Security-Policy", CSP)));
        }
    }

    List<Route> routes() {
        List<Route> api = List.of(
                Route.get("/api/v1/statemachine", "/api/v1/statemachine", call -> Reply.ok(stateMachine())),
                Route.get("/api/v1/server", "/api/v1/server", call -> Reply.ok(server())));
        if (!config.dashboard()) {
            return api;
        }
        return List.of(api.get(0), api.get(1),
                Route.open("", "/", call -> redirect()),
                Route.open("/", "/", call -> files.get("index.html")),
                Route.open("/ui/([a-z]+\\.(?:js|css))", "/ui/{file}", call -> file(call.param(0))));
    }

    private Reply file(String name) {
        Reply r = files.get(name);
        if (r == null || name.equals("index.html")) {
            throw new ApiError(404, "NOT_FOUND", "no such dashboard file: " + name);
        }
        return r;
    }

    /** {@code <base>} without its slash: relative URLs in the page need the slash. */
    private Reply redirect() {
        return new Reply(308, "text/plain; charset=utf-8", new byte[0],
                Map.of("Location", config.basePath() + "/"));
    }

    private static ObjectNode stateMachine() {
        ObjectNode n = Json.object().put("initial", StateCode.RUNNABLE.name());
        ArrayNode states = n.putArray("states");
        for (StateCode s : StateCode.values()) {
            states.addObject().put("code", s.name()).put("terminal", s.terminal());
        }
        ArrayNode transitions = n.putArray("transitions");
        TaskStateMachine.standard().table().forEach((from, row) -> row.forEach((cmd, to) ->
                transitions.addObject().put("from", from.name()).put("command", cmd.name()).put("to", to.name())
                        .put("operator", OPERATOR_COMMANDS.contains(cmd))));
        ArrayNode operator = n.putArray("operatorCommands");
        OPERATOR_COMMANDS.forEach(c -> operator.add(c.name()));
        return n;
    }

    private ObjectNode server() {
        ObjectNode n = Json.object().put("readOnly", config.readOnly()).put("basePath", config.basePath());
        n.put("node", config.consumer() == null ? null : config.consumer().nodeId());
        return n;
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        return file.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    }

    private static byte[] load(String file) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard file " + file + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
