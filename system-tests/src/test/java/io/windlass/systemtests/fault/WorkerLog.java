package io.windlass.systemtests.fault;

import io.windlass.launcher.WorkerProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A worker's log, parsed: its structured transition lines ({@code task, from, command, to, fence, node} as
 * {@code key=value} tokens or a JSON object), the writes etcd's fence guard REJECTED (the coordinator logs
 * {@code fence-rejected task=.. fence=.. node=.. reason=".."} for each), and claim losses of any kind.
 */
record WorkerLog(String node, List<Transition> transitions, List<String> rejectedWrites, List<String> claimsLost,
                 List<String> errors) {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern TOKEN = Pattern.compile("(\\w+)=(\"[^\"]*\"|[^\\s,]+)");

    /** One stored transition as the worker logged it. */
    record Transition(String node, String task, String from, String command, String to, long fence) {
    }

    static WorkerLog parse(String node, List<String> lines) {
        List<Transition> transitions = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String line : lines) {
            Transition t = transition(node, line);
            if (t != null) {
                transitions.add(t);
            }
            if (line.contains("fence-rejected ")) {
                rejected.add(line);
            }
            if (line.contains("claim-lost ")) {
                lost.add(line);
            }
            if (line.contains(" ERROR ") || line.contains("Exception in thread")) {
                errors.add(line);
            }
        }
        return new WorkerLog(node, List.copyOf(transitions), List.copyOf(rejected), List.copyOf(lost),
                List.copyOf(errors));
    }

    /** The parsed log of everything {@code worker} has written so far. */
    static WorkerLog of(WorkerProcess worker) {
        return parse(worker.node(), worker.lines());
    }

    static WorkerLog merge(List<WorkerLog> logs) {
        List<Transition> t = new ArrayList<>();
        List<String> r = new ArrayList<>();
        List<String> l = new ArrayList<>();
        List<String> e = new ArrayList<>();
        for (WorkerLog log : logs) {
            t.addAll(log.transitions);
            r.addAll(log.rejectedWrites);
            l.addAll(log.claimsLost);
            e.addAll(log.errors);
        }
        return new WorkerLog("*", t, r, l, e);
    }

    /** Number of distinct tasks for which a write was rejected by the fence guard. */
    long tasksWithRejectedWrites() {
        return rejectedWrites.stream().map(WorkerLog::taskOf).distinct().count();
    }

    /** The task named in an engine log line {@code ... task <id>: ...}, or the whole line. */
    static String taskOf(String line) {
        Matcher m = Pattern.compile("task[= ](\\S+?)[: ]").matcher(line);
        return m.find() ? m.group(1) : line;
    }

    private static Transition transition(String node, String line) {
        int brace = line.indexOf('{');
        if (brace >= 0 && line.contains("\"task\"") && line.contains("\"to\"")) {
            try {
                JsonNode n = MAPPER.readTree(line.substring(brace));
                return new Transition(n.path("node").asText(node), n.path("task").asText(), n.path("from").asText(),
                        n.path("command").asText(), n.path("to").asText(), n.path("fence").asLong());
            } catch (IOException e) {
                return null;
            }
        }
        if (!line.contains("task=") || !line.contains(" to=")) {
            return null;
        }
        Map<String, String> kv = new HashMap<>();
        Matcher m = TOKEN.matcher(line);
        while (m.find()) {
            kv.put(m.group(1), m.group(2).replace("\"", ""));
        }
        try {
            return new Transition(kv.getOrDefault("node", node), kv.get("task"), kv.get("from"), kv.get("command"),
                    kv.get("to"), Long.parseLong(kv.getOrDefault("fence", "0")));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
