package io.windlass.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * What one benchmark measured: its parameters, the raw etcd baseline and the framework (same run, same etcd), the
 * ratio (framework / baseline, its meaning stated in {@code ratioMeaning}; null when there is no comparable baseline),
 * the target and whether it was met, plus one-line summaries for the human table and free-text notes.
 */
record Result(String name, ObjectNode params, ObjectNode baseline, ObjectNode framework, Double ratio,
              String ratioMeaning, String target, boolean met, String baselineSummary, String frameworkSummary,
              List<String> notes) {
    Result {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(framework, "framework");
        Objects.requireNonNull(target, "target");
        notes = List.copyOf(notes);
    }

    /** A benchmark that could not finish: {@code framework.error} says why; never met. */
    static Result failed(String name, RuntimeException e) {
        ObjectNode framework = io.windlass.cli.support.Json.object();
        framework.put("error", String.valueOf(e.getMessage()));
        return new Result(name, io.windlass.cli.support.Json.object(), io.windlass.cli.support.Json.object(),
                framework, null, "no ratio: the benchmark failed", "-", false, "-", "ERROR: " + e.getMessage(),
                List.of("failed: " + e));
    }

    boolean failed() {
        return framework.has("error");
    }
}
