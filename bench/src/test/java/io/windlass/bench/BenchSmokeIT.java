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
 * stepped, claimed, woke, moved, slept; stream loops ran and moved to a joining node); the {@code peers} section
 * (db-scheduler and Quartz on their own PostgreSQL) has its fields and the peers did their work too. Speed is never
 * asserted.
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
        assertThat(results.get(1).path("framework").path("all_running").asBoolean()).as(results.get(1).toString())
                .isTrue();
        assertThat(results.get(1).path("baseline").path("claimed").asLong()).isEqualTo(200);
        assertThat(results.get(2).path("framework").path("all_woken").asBoolean()).as(results.get(2).toString())
                .isTrue();
        assertThat(results.get(3).path("framework").path("all_moved").asBoolean()).as(results.get(3).toString())
                .isTrue();
        assertThat(results.get(4).path("framework").path("all_sleeping").asBoolean()).as(results.get(4).toString())
                .isTrue();
        JsonNode longRunning = results.get(5).path("framework");
        assertThat(longRunning.path("all_running").asBoolean()).as(results.get(5).toString()).isTrue();
        assertThat(longRunning.path("join").path("moves").asInt()).as(results.get(5).toString()).isPositive();
        assertThat(longRunning.path("join").path("overlaps").isNumber()).isTrue(); // 0 unless a lease lapses (load)
        assertThat(longRunning.path("met").path("no_overlap").isBoolean()).isTrue();
        assertThat(err.toString()).contains("bench transitions:").contains("benchmark").contains("idle-scale");
        assertPeersSection(doc.path("peers"));
    }

    /** The {@code peers} section: versions, the three schedulers, their measurements' fields (not their speed). */
    static void assertPeersSection(JsonNode peers) {
        assertThat(peers.isObject()).as("peers section").isTrue();
        assertThat(peers.has("error")).as(peers.toString()).isFalse();
        for (String lib : List.of("db-scheduler", "quartz", "postgresql-jdbc", "hikaricp", "postgresql", "windlass")) {
            assertThat(peers.path("versions").path(lib).asText()).as("version of " + lib).isNotBlank()
                    .isNotEqualTo("unknown");
        }
        assertThat(peers.path("postgres").path("version").asText()).startsWith("1");
        assertThat(peers.path("params").path("size").asText()).isNotBlank();
        assertThat(peers.path("load_avg_1m_before").isNumber()).isTrue();
        JsonNode schedulers = peers.path("schedulers");
        assertThat(schedulers.size()).isEqualTo(3);
        for (String name : List.of("windlass", "db-scheduler", "quartz")) {
            JsonNode s = schedulers.path(name);
            assertThat(s.isObject()).as(name).isTrue();
            assertThat(s.has("error")).as(name + ": " + s).isFalse();
            assertThat(s.path("settings").isObject()).as(name + ".settings").isTrue();
            JsonNode throughput = s.path("throughput");
            assertThat(throughput.has("error")).as(name + ".throughput: " + throughput).isFalse();
            assertThat(throughput.path("executions_per_second").isNumber()).as(name + ".throughput").isTrue();
            assertThat(throughput.path("executions").asLong()).as(name + " executions").isPositive();
            JsonNode failover = s.path("failover");
            assertThat(failover.has("error")).as(name + ".failover: " + failover).isFalse();
            assertThat(failover.path("all_moved").asBoolean()).as(name + ".failover: " + failover).isTrue();
            assertThat(failover.has("max_s")).as(name + ".failover.max_s").isTrue();
            assertThat(failover.path("dead_after_s").isNumber()).isTrue();
            JsonNode idle = s.path("idle");
            assertThat(idle.has("error")).as(name + ".idle: " + idle).isFalse();
            assertThat(idle.has("heap_bytes_per_task")).as(name + ".idle").isTrue();
            assertThat(idle.has("jvm_cpu_pct_of_one_core")).isTrue();
            assertThat(idle.has("store_cpu_pct_of_one_core")).isTrue();
            assertThat(idle.has("store_bytes_per_task")).isTrue();
            JsonNode expresses = s.path("expresses");
            for (String feature : List.of("pause_resume_running_task", "commands", "fenced_ownership")) {
                assertThat(expresses.has(feature)).as(name + ".expresses." + feature).isTrue();
                assertThat(expresses.path("notes").path(feature).asText()).isNotBlank();
                if (name.equals("windlass")) {
                    assertThat(expresses.path(feature).asBoolean()).isTrue();
                } else {
                    assertThat(expresses.path(feature).isNull()).as(name + " cannot express " + feature).isTrue();
                }
            }
        }
    }

    @Test
    void unknownNameIsRejectedBeforeAnythingStarts() {
        assertThatThrownBy(() -> Bench.resolve("nope"))
                .isInstanceOf(WindlassException.class)
                .satisfies(e -> assertThat(((WindlassException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("transitions");
        assertThat(Bench.resolve("all")).containsExactlyElementsOf(Bench.ALL).endsWith(Bench.PEERS);
        assertThat(Bench.resolve("peers")).containsExactly(Bench.PEERS);
    }
}
