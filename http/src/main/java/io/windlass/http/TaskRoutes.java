package io.windlass.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.client.TaskFilter;
import io.windlass.consumer.client.TaskPage;
import io.windlass.consumer.client.HandlerCoverage;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.etcd.EtcdTaskClient;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The task endpoints of {@code /api/v1}: list, one task, submit, command, delete. Stateless; thread-safe. */
final class TaskRoutes {
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String ID = "([^/]+)";

    private final ServerConfig config;
    private final TaskClient client;
    private final LiveNodes liveNodes;
    private final StateCounts counts;

    TaskRoutes(ServerConfig config, StateCounts counts) {
        this.config = config;
        this.client = config.client();
        this.counts = counts;
        this.liveNodes = new LiveNodes(client, Duration.ofSeconds(1), System::nanoTime);
    }

    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/tasks", "/api/v1/tasks", this::list),
                Route.write("POST", "/api/v1/tasks", "/api/v1/tasks", this::submit),
                Route.get("/api/v1/tasks/" + ID, "/api/v1/tasks/{id}", this::one),
                Route.write("DELETE", "/api/v1/tasks/" + ID, "/api/v1/tasks/{id}", this::delete),
                Route.write("POST", "/api/v1/tasks/" + ID + "/commands", "/api/v1/tasks/{id}/commands",
                        this::command));
    }

    private Reply list(Call call) {
        StateCode state = state(call.query("state"));
        String prefix = call.query("prefix");
        if (prefix != null && !PREFIX.matcher(prefix).matches()) {
            throw ApiError.badRequest("'prefix' must be 1-128 of [A-Za-z0-9._:-]");
        }
        String cursor = call.query("cursor");
        String after = cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor);
        int limit = call.intQuery("limit", 100, 1, ServerConfig.MAX_PAGE);
        TaskPage page = page(new TaskFilter(state, blankToNull(call.query("node")), after, limit,
                blankToNull(call.query("type")), prefix));
        ObjectNode n = Json.object();
        ArrayNode tasks = n.putArray("tasks");
        List<NodeInfo> live = liveNodes.get();
        page.tasks().forEach(v -> tasks.add(JsonViews.summary(v, HandlerCoverage.note(v, live))));
        n.put("limit", limit);
        n.put("nextCursor", page.nextAfter() != null ? Cursor.encode(page.nextAfter()) : null);
        return Reply.ok(n);
    }

    /**
     * A page; on etcd, when the watched aggregate knows where it ends (a state or no filter, synced), its key ranges
     * end there: etcd 3.4 visits every key to a range's end, so an open range costs the rest of the namespace.
     */
    private TaskPage page(TaskFilter filter) {
        if (client instanceof EtcdTaskClient etcd && filter.owner() == null && filter.type() == null) {
            String through = counts.pageBound(filter.after(), filter.prefix(), filter.state(), filter.limit());
            if (through != null) {
                return etcd.page(filter, through);
            }
        }
        return client.page(filter);
    }

    private Reply one(Call call) {
        String id = call.param(0);
        TaskView v = client.get(id).orElseThrow(() -> notFound(id));
        ObjectNode n = JsonViews.task(v, HandlerCoverage.note(v, liveNodes.get()));
        int max = call.intQuery("history", Math.min(20, config.maxHistory()), 0, config.maxHistory());
        if (client instanceof EtcdTaskClient etcd && max > 0) {
            n.set("history", JsonViews.history(etcd.history(id, max)));
        }
        return Reply.ok(n);
    }

    private Reply submit(Call call) throws IOException {
        ObjectNode body = call.body();
        String id = TaskRecord.requireValidId(Json.required(body, "id"));
        String type = Json.required(body, "type");
        JsonNode props = body.has("props") ? body.get("props") : Json.object();
        if (config.propsValidator() != null) {
            config.propsValidator().accept(type, props);
        }
        TaskRecord r = client.submit(id, type, props);
        return Reply.json(201, JsonViews.record(r));
    }

    private Reply command(Call call) throws IOException {
        String id = call.param(0);
        TaskRecord.requireValidId(id);
        ObjectNode body = call.body();
        Command command = command(Json.required(body, "kind"), Json.text(body, "until"));
        String commandId = client.command(id, command, Json.text(body, "commandId"));
        ObjectNode n = Json.object().put("task", id).put("commandId", commandId);
        n.set("command", JsonViews.command(command));
        return Reply.json(202, n);
    }

    private Reply delete(Call call) {
        String id = call.param(0);
        TaskRecord.requireValidId(id);
        if (!client.delete(id)) {
            throw notFound(id);
        }
        return Reply.ok(Json.object().put("id", id).put("deleted", true));
    }

    /** The operator's commands (as the CLI's {@code command}): run, pause, kill, release, checkpoint, sleep. */
    static Command command(String kind, String until) {
        String k = kind.toLowerCase(Locale.ROOT);
        if (!k.equals("sleep") && until != null) {
            throw ApiError.badRequest("'until' goes with kind 'sleep' only");
        }
        return switch (k) {
            case "run" -> Command.run();
            case "pause" -> Command.pause();
            case "kill" -> Command.kill();
            case "release" -> Command.release();
            case "checkpoint" -> Command.checkpoint();
            case "sleep" -> Command.sleepUntil(instant(until));
            default -> throw ApiError.badRequest("unknown command kind '" + kind
                    + "'; use run, pause, kill, release, checkpoint or sleep");
        };
    }

    private static Instant instant(String until) {
        if (until == null) {
            throw ApiError.badRequest("kind 'sleep' needs 'until' (ISO-8601, e.g. 2030-01-01T00:00:00Z)");
        }
        try {
            return Instant.parse(until);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("'until' must be an ISO-8601 instant like 2030-01-01T00:00:00Z, was '"
                    + until + "'");
        }
    }

    private static StateCode state(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return StateCode.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("unknown state '" + s + "'; use one of " + Arrays.toString(StateCode.values()));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static WindlassException notFound(String id) {
        return new WindlassException(ErrorCode.TASK_NOT_FOUND, "task " + id + " does not exist");
    }
}
