package io.windlass.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.cli.support.Json;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of the benchmark runner (as CI's {@code bench all --quick}, but TINY sizes): every benchmark runs on its
 * own fresh etcd, the output is ONE JSON document with the documented fields, and the framework did its work (tasks
 * stepped, claimed, woke, moved, slept). Speed is never asserted.
 */
class BenchSmokeIT {

    @Test
    void allBenchmarksRunTinyAndPrintOneDocumentWithTheSchemaFields() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Bench.run("all", Benchmark.Size.TINY, null, new PrintWriter(out, true), new PrintWriter(err, true));

        String printed = out.toString().trim();
        assertThat(printed.lines().count()).as(err.toString()).isEqualTo(1);
        JsonNode doc = Json.parse("bench output", printed);
        assertThat(doc.path("schema").asText()).isEqualTo(Report.SCHEMA);
        assertThat(doc.path("name").asText()).isEqualTo("all");
        assertThat(doc.path("size").asText()).isEqualTo("tiny");
        assertThat(doc.path("date").asText()).isNotBlank();
        assertThat(doc.path("etcd").path("version").asText()).startsWith("3.");
        assertThat(doc.path("machine").path("cores").asInt()).isPositive();
        assertThat(doc.path("machine").path("java").asText()).isNotBlank();
        assertThat(doc.path("met").isBoolean()).isTrue();

        JsonNode results = doc.path("results");
        assertThat(results.size()).isEqualTo(Bench.NAMES.size());
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = results.get(i);
            assertThat(r.path("name").asText()).isEqualTo(Bench.NAMES.get(i));
            for (String field : List.of("params", "baseline", "framework")) {
                assertThat(r.path(field).isObject()).as(r.path("name") + "." + field).isTrue();
            }
            assertThat(r.has("ratio")).isTrue();
            assertThat(r.path("target").asText()).isNotBlank();
            assertThat(r.path("met").isBoolean()).isTrue();
        }
        JsonNode transitions = results.get(0);
        assertThat(transitions.path("framework").path("transitions").asLong()).isPositive();
        assertThat(transitions.path("baseline").path("one_per_txn").path("guard_failures").asLong()).isZero();
        assertThat(transitions.path("baseline").path("nested_k64").path("transitions").asLong()).isPositive();
        assertThat(results.get(1).path("framework").path("all_running").asBoolean()).isTrue();
        assertThat(results.get(1).path("baseline").path("claimed").asLong()).isEqualTo(200);
        assertThat(results.get(2).path("framework").path("all_woken").asBoolean()).isTrue();
        assertThat(results.get(3).path("framework").path("all_moved").asBoolean()).isTrue();
        assertThat(results.get(4).path("framework").path("all_sleeping").asBoolean()).isTrue();
        assertThat(err.toString()).contains("bench transitions:").contains("benchmark").contains("idle-scale");
    }

    @Test
    void unknownNameIsRejectedBeforeAnythingStarts() {
        assertThatThrownBy(() -> Bench.resolve("nope"))
                .isInstanceOf(WindlassException.class)
                .satisfies(e -> assertThat(((WindlassException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("transitions");
        assertThat(Bench.resolve("all")).containsExactlyElementsOf(Bench.NAMES);
    }
}
