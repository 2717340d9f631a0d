package io.windlass.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.cli.support.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The output document and table (pure), and the latency statistics they are built from. */
class ReportTest {

    @Test
    void documentCarriesTheSchemaFieldsAndWritesNaNAsNull() {
        ObjectNode framework = Json.object();
        Stats.put(framework, "per_second", Double.NaN);
        Result met = new Result("transitions", Json.object().put("tasks", 4), Json.object(), framework, 3.456,
                "framework / baseline", ">= 3x", true, "1k/s", "3k/s", List.of("a note"));
        Result noRatio = new Result("timers", Json.object(), Json.object(), Json.object(), null, "none",
                "p99 <= 100 ms", false, "-", "-", List.of());

        ObjectNode doc = Report.document("all", "quick", Instant.parse("2026-11-28T15:00:00Z"), Json.object(),
                Json.object().put("version", "3.4.23"), 12.345, List.of(met, noRatio));

        JsonNode parsed = Json.parse("doc", Json.compact(doc));
        assertThat(parsed.path("schema").asText()).isEqualTo("windlass-bench/1");
        assertThat(parsed.path("date").asText()).isEqualTo("2026-11-28T15:00:00Z");
        assertThat(parsed.path("quick").asBoolean()).isTrue();
        assertThat(parsed.path("met").asBoolean()).isFalse();
        assertThat(parsed.path("duration_s").asDouble()).isEqualTo(12.35);
        JsonNode first = parsed.path("results").get(0);
        assertThat(first.path("ratio").asDouble()).isEqualTo(3.46);
        assertThat(first.path("framework").path("per_second").isNull()).isTrue();
        assertThat(first.path("notes").get(0).asText()).isEqualTo("a note");
        assertThat(parsed.path("results").get(1).path("ratio").isNull()).isTrue();
    }

    @Test
    void aFailedBenchmarkIsAResultWithItsErrorAndIsCounted() {
        Result failed = Result.failed("claim-storm", new IllegalStateException("etcd went away"));
        ObjectNode doc = Report.document("all", "quick", Instant.EPOCH, Json.object(), Json.object(), 1,
                List.of(failed));
        assertThat(doc.path("errors").asInt()).isEqualTo(1);
        assertThat(doc.path("met").asBoolean()).isFalse();
        JsonNode r = doc.path("results").get(0);
        assertThat(r.path("framework").path("error").asText()).isEqualTo("etcd went away");
        assertThat(r.path("ratio").isNull()).isTrue();
    }

    @Test
    void tableHasOneLinePerResult() {
        Result r = new Result("failover", Json.object(), Json.object(), Json.object(), 0.88, "x", "max <= 5 s",
                true, "3.51 s", "3.07 s", List.of());
        StringWriter out = new StringWriter();
        Report.table(new PrintWriter(out, true), List.of(r, r));
        assertThat(out.toString().lines()).hasSize(3);
        assertThat(out.toString()).contains("failover").contains("0.88x").contains("yes");
    }

    @Test
    void percentilesAreNearestRankAndBoundedInMemory() {
        Stats stats = new Stats(100);
        for (int i = 1; i <= 150; i++) {
            stats.add(i * 1_000_000L);
        }
        assertThat(stats.count()).isEqualTo(150);
        assertThat(stats.percentileMillis(50)).isEqualTo(50.0);
        assertThat(stats.percentileMillis(99)).isEqualTo(99.0);
        assertThat(stats.percentileMillis(100)).isEqualTo(100.0);
        assertThat(new Stats(1).percentileMillis(50)).isNaN();
    }
}
