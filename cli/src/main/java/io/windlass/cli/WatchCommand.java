package io.windlass.cli;

import io.windlass.consumer.client.StateChange;
import io.windlass.consumer.client.Subscription;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.consumer.spi.StoredState;
import io.windlass.examples.support.Durations;
import io.windlass.cli.support.Json;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code watch}: streams state changes live, one line (or JSON line) each, until interrupted or a limit is hit. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        header = "Stream task state changes live.",
        description = {"Stream task state changes live (one line each; JSON lines with --json) until Ctrl-C,",
                "--limit changes or --for a duration."})
final class WatchCommand extends StoreCommand {
    @Option(names = "--limit", paramLabel = "N", description = "stop after N changes")
    Long limit;

    @Option(names = "--for", paramLabel = "DURATION", description = "stop after this long, e.g. 30s")
    String duration;

    private Duration stopAfter;

    @Override
    void validate() {
        stopAfter = duration == null ? null : Durations.parse(duration);
        if (limit != null && limit < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be >= 1");
        }
    }

    @Override
    int run(Connection connection, Printer out) {
        BlockingQueue<Object> changes = new LinkedBlockingQueue<>();
        long deadline = stopAfter == null ? Long.MAX_VALUE : System.nanoTime() + stopAfter.toNanos();
        long seen = 0;
        try (Subscription ignored = connection.client().watchStates(changes::add, changes::add)) {
            while (limit == null || seen < limit) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                Object next = changes.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
                if (next instanceof WindlassException broken) {
                    throw broken;
                }
                if (next instanceof StateChange c) {
                    print(c, out);
                    seen++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }

    private static void print(StateChange c, Printer out) {
        StoredState before = c.before();
        StoredState after = c.after();
        String from = before == null ? "NEW" : before.state().code().name();
        String to = after == null ? "DELETED" : after.state().code().name();
        if (out.json()) {
            ObjectNode n = Json.object().put("task", c.taskId()).put("from", from).put("to", to)
                    .put("revision", c.revision());
            if (after != null) {
                n.put("version", after.state().version()).put("node", after.writerNode())
                        .put("fence", after.writerFence()).put("at", after.updated().toString());
                if (after.state().until() != null) {
                    n.put("until", after.state().until().toString());
                }
                n.set("data", after.state().data());
            }
            out.jsonLine(n);
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(after == null ? "-" : after.updated().toString()).append(' ').append(c.taskId()).append(' ')
                .append(from).append(" -> ").append(to);
        if (after != null) {
            sb.append(" v").append(after.state().version());
            if (!after.writerNode().isEmpty()) {
                sb.append(" node=").append(after.writerNode()).append(" fence=").append(after.writerFence());
            }
            if (after.state().until() != null) {
                sb.append(" until=").append(after.state().until());
            }
            if (after.state().data() != null) {
                sb.append(' ').append(Json.compact(after.state().data()));
            }
        }
        out.line(sb.toString());
    }
}
