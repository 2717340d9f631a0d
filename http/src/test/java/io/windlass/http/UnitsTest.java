package io.windlass.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.statemachine.ErrorCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts: cursors, auth, error statuses, bounded body reading. */
class UnitsTest {
    @Test
    void cursorsRoundTripAndRejectForeignValues() {
        assertThat(Cursor.decode(Cursor.encode("task-1:a"))).isEqualTo("task-1:a");
        for (String bad : new String[] {"%%%", "abc", Base64.getUrlEncoder().encodeToString("v2:x".getBytes(
                StandardCharsets.UTF_8)), Cursor.encode("bad/id")}) {
            assertThatThrownBy(() -> Cursor.decode(bad)).isInstanceOf(ApiError.class)
                    .hasMessageContaining("bad cursor").extracting(e -> ((ApiError) e).status()).isEqualTo(400);
        }
    }

    @Test
    void authNamesTheCallerOrRefuses() {
        Auth tokens = Auth.tokens(Map.of("ci", "0123456789abcdef", "ops", "fedcba9876543210"));
        assertThat(tokens.who("Bearer fedcba9876543210")).isEqualTo("ops");
        assertThat(tokens.who("bearer 0123456789abcdef")).isEqualTo("ci");
        assertThat(tokens.who("Bearer nope")).isNull();
        assertThat(tokens.who(null)).isNull();
        assertThat(tokens.who("Basic b3BzOng=")).isNull();
        Auth basic = Auth.basic("ops", "secret-pw");
        String header = "Basic " + Base64.getEncoder().encodeToString("ops:secret-pw".getBytes(StandardCharsets.UTF_8));
        assertThat(basic.who(header)).isEqualTo("ops");
        assertThat(basic.who("Basic !!!")).isNull();
        assertThat(Auth.OPEN.who(null)).isEqualTo("anonymous");
        assertThatThrownBy(() -> Auth.tokens(Map.of("short", "abc"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Auth.basic("a:b", "long-enough")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyErrorCodeHasAStatus() {
        for (ErrorCode c : ErrorCode.values()) {
            assertThat(ApiError.status(c)).isBetween(400, 599);
        }
        assertThat(ApiError.status(ErrorCode.TASK_NOT_FOUND)).isEqualTo(404);
        assertThat(ApiError.status(ErrorCode.ILLEGAL_TRANSITION)).isEqualTo(409);
        assertThat(ApiError.status(ErrorCode.UNAVAILABLE)).isEqualTo(503);
        assertThat(ApiError.status(ErrorCode.INDETERMINATE)).isEqualTo(504);
    }

    @Test
    void bodiesAreBoundedAndMustBeObjects() throws Exception {
        assertThat(Json.readObject(in("{\"a\":1}"), -1, 1024).path("a").asInt()).isEqualTo(1);
        assertThatThrownBy(() -> Json.readObject(in("x".repeat(2000)), -1, 1024))
                .extracting(e -> ((ApiError) e).status()).isEqualTo(413);
        assertThatThrownBy(() -> Json.readObject(in("{}"), 5000, 1024))
                .extracting(e -> ((ApiError) e).code()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThatThrownBy(() -> Json.readObject(in("{oops"), -1, 1024)).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> Json.readObject(in("[]"), -1, 1024)).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> Json.readObject(in(""), -1, 1024)).hasMessageContaining("required");
    }

    @Test
    void releaseReasonsAreBounded() {
        assertThat(WindlassMetrics.releaseReason("balancer")).isEqualTo("balancer");
        assertThat(WindlassMetrics.releaseReason("stop_task command 1234")).isEqualTo("stop_task");
        assertThat(WindlassMetrics.releaseReason("shutdown")).isEqualTo("shutdown");
        assertThat(WindlassMetrics.releaseReason("Release command")).isEqualTo("command");
        assertThat(WindlassMetrics.releaseReason("anything else t-123")).isEqualTo("other");
    }

    @Test
    void theTestsPrometheusParserReadsLabelValuesWithBraces() {
        var s = HttpCalls.samples("# HELP x\nreq_count{route=\"/api/v1/tasks/{id}\",status=\"200\"} 3\nup 1\n");
        assertThat(HttpCalls.sum(s, "req_count", "route=\"/api/v1/tasks/{id}\"")).isEqualTo(3);
        assertThat(HttpCalls.sum(s, "up")).isEqualTo(1);
    }

    private static ByteArrayInputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
