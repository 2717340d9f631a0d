package io.windlass.systemtests.fault;

import io.windlass.consumer.client.TaskClient;
import io.windlass.statemachine.Command;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Commands whose every application is visible in the task's state history, so "applied exactly once, in order" can
 * be checked from etcd alone. Each SLEEP carries a unique wake-up time (a marker far in the future, so it never
 * fires); PAUSE and RUN change the code; two PAUSEs or two RUNs are never adjacent, so every command changes the
 * stored state. Tasks must be counters with a long interval (their own timer never fires during the test), so the
 * only non-step transitions are the commands'.
 *
 * <p>Check: the task's history after {@code startRevision}, without step versions (checkpoint data changed) and with
 * consecutive identical (code, until) versions collapsed (a release or a repeated idempotent write), must spell exactly
 * the sent commands, in order: {@code S<i>} = SLEEPING until marker i, {@code P} = PAUSED, {@code R} = RUNNABLE.
 * Not thread-safe: one sending thread per script, and each task gets its commands from one script only.
 */
final class CommandScript {
    private final Instant base = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
    private final Map<String, List<String>> sent = new HashMap<>();
    private final Map<Instant, String> markers = new HashMap<>();
    private final Random random;
    private int nextMarker;

    /** One script per sending thread: give each its own tasks and a disjoint marker range ({@code firstMarker}). */
    CommandScript(long seed, int firstMarker) {
        this.random = new Random(seed);
        this.nextMarker = firstMarker;
    }

    /** How a command is sent: {@code commandId} is unique per script and may be used to retry idempotently. */
    interface Sender {
        void send(String task, Command command, String commandId);
    }

    /** Picks the next command for {@code task} (never the same PAUSE/RUN twice in a row) and sends it. */
    void sendNext(TaskClient client, String task) {
        sendNext(task, (t, c, commandId) -> client.command(t, c));
    }

    /** Like {@link #sendNext(TaskClient, String)}, through {@code sender} (e.g. retrying under the command id). */
    void sendNext(String task, Sender sender) {
        List<String> mine = sent.computeIfAbsent(task, k -> new ArrayList<>());
        String last = mine.isEmpty() ? "" : mine.get(mine.size() - 1);
        String kind;
        do {
            kind = switch (random.nextInt(3)) {
                case 0 -> "P";
                case 1 -> "R";
                default -> "S";
            };
        } while (kind.equals(last));
        Command command;
        if (kind.equals("S")) {
            Instant until = base.plusSeconds(nextMarker);
            kind = "S" + nextMarker++;
            markers.put(until, kind);
            command = Command.sleepUntil(until);
        } else {
            command = kind.equals("P") ? Command.pause() : Command.run();
        }
        sender.send(task, command, "script-" + task + "-" + mine.size());
        mine.add(kind);
    }

    int sentCount() {
        return sent.values().stream().mapToInt(List::size).sum();
    }

    List<String> sent(String task) {
        return sent.getOrDefault(task, List.of());
    }

    /** The command symbols spelled by {@code task}'s history after {@code startRevision}. */
    List<String> applied(FencingLedger ledger, String task, long startRevision) {
        List<String> out = new ArrayList<>();
        List<StateEntry> h = ledger.history(task);
        String lastKey = null;
        for (int i = 1; i < h.size(); i++) {
            StateEntry e = h.get(i);
            StateEntry p = h.get(i - 1);
            if (e.revision() <= startRevision || e.steppedFrom(p)) {
                lastKey = e.code() + e.until();
                continue;
            }
            String key = e.code() + e.until();
            if (key.equals(lastKey)) {
                continue;
            }
            lastKey = key;
            out.add(symbol(e));
        }
        return out;
    }

    /** Violations: tasks whose history does not spell exactly their sent commands. */
    List<String> violations(FencingLedger ledger, long startRevision) {
        List<String> out = new ArrayList<>();
        sent.forEach((task, expected) -> {
            List<String> applied = applied(ledger, task, startRevision);
            if (!applied.equals(expected)) {
                out.add(task + ": sent " + expected + " but history spells " + applied);
            }
        });
        return out;
    }

    private String symbol(StateEntry e) {
        return switch (e.code()) {
            case "PAUSED" -> "P";
            case "RUNNABLE" -> "R";
            case "SLEEPING" -> markers.getOrDefault(e.until(), "S?" + e.until());
            default -> e.code();
        };
    }
}
