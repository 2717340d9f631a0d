package io.windlass.statemachine.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.codec.WireCodec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandlerRegistryTest {

    public record Target(String host, int port) {
        public Target {
            if (host == null || host.isBlank()) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "host is required");
            }
        }
    }

    public record CrawlProps(String url, int depth, List<Target> mirrors, Duration timeout) {
        public CrawlProps {
            if (url == null) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "url is required");
            }
            if (depth < 0) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "depth must be >= 0, was " + depth);
            }
        }
    }

    /** All fields optional: absent props decode as the empty record. */
    public record OptionalProps(String note) { }

    static <P> TaskHandler<P> handler(Class<P> propsType) {
        return new TaskHandler<>() {
            public Class<P> propsType() { return propsType; }
            public Command onRunnable(TaskContext<P> ctx) { return Command.complete(); }
        };
    }

    private static final HandlerRegistry REGISTRY = HandlerRegistry.builder()
            .register("crawl", handler(CrawlProps.class))
            .register("opt", handler(OptionalProps.class))
            .register("raw.json-v2", handler(JsonNode.class))
            .register("obj", handler(ObjectNode.class))
            .register("none", handler(Void.class))
            .build();

    private static JsonNode json(String s) {
        return WireCodec.standard().parse(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    // ---- registration ----

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "crawl", "my-task.v2_x", "a234567890123456789012345678901234567890123456789012345678901234"})
    void validTypeNames(String type) {
        assertThat(HandlerRegistry.builder().register(type, handler(OptionalProps.class)).build().types())
                .containsExactly(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Crawl", "-x", ".x", "_x", "a b", "a/b", "ä",
        "a2345678901234567890123456789012345678901234567890123456789012345"})
    void invalidTypeNamesAreRefused(String type) {
        assertInvalid(() -> HandlerRegistry.builder().register(type, handler(OptionalProps.class)),
                "task type name '" + type + "' must match [a-z0-9][a-z0-9._-]{0,63}");
    }

    @Test
    void nullTypeNameIsRefused() {
        assertInvalid(() -> HandlerRegistry.builder().register(null, handler(OptionalProps.class)), "task type name");
    }

    @Test
    void duplicateTypeIsRefused() {
        var b = HandlerRegistry.builder().register("crawl", handler(CrawlProps.class));
        assertInvalid(() -> b.register("crawl", handler(CrawlProps.class)), "task type 'crawl' is already registered");
    }

    @Test
    void nullHandlerOrPropsTypeIsRefused() {
        assertInvalid(() -> HandlerRegistry.builder().register("x", null), "handler for task type 'x' is null");
        assertInvalid(() -> HandlerRegistry.builder().register("x", handler(null)), "returns a null propsType()");
    }

    @Test
    void undecodablePropsTypesAreRefusedAtRegistration() {
        assertInvalid(() -> HandlerRegistry.builder().register("x", handler(Runnable.class)), "cannot be decoded");
        assertInvalid(() -> HandlerRegistry.builder().register("x", handler(Number.class)), "cannot be decoded");
    }

    @Test
    void unknownTypeListsTheKnownOnes() {
        assertThatThrownBy(() -> REGISTRY.handler("crawler"))
                .isInstanceOfSatisfying(WindlassException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TASK_TYPE))
                .hasMessage("UNKNOWN_TASK_TYPE: no handler for task type 'crawler' (known types: [crawl, none, obj, opt, raw.json-v2])");
        assertThatThrownBy(() -> REGISTRY.decodeProps("nope", json("{}")))
                .isInstanceOfSatisfying(WindlassException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TASK_TYPE));
    }

    @Test
    void registryIsImmutable() {
        assertThatThrownBy(() -> REGISTRY.types().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- props ----

    @Test
    void propsDecodeIntoTheRecord() {
        Object p = REGISTRY.decodeProps("crawl", json(
                "{\"url\":\"https://x\",\"depth\":2,\"mirrors\":[{\"host\":\"m1\",\"port\":80}],\"timeout\":\"PT30S\",\"extra\":1}"));
        assertThat(p).isEqualTo(new CrawlProps("https://x", 2, List.of(new Target("m1", 80)), Duration.ofSeconds(30)));
    }

    @Test
    void validationFailureNamesTypeAndProblemOnly() {
        assertThatThrownBy(() -> REGISTRY.decodeProps("crawl", json("{\"url\":\"u\",\"depth\":-1}")))
                .hasMessage("INVALID_ARGUMENT: invalid props for task type 'crawl': depth must be >= 0, was -1");
    }

    @Test
    void nestedValidationFailureNamesThePath() {
        assertThatThrownBy(() -> REGISTRY.decodeProps("crawl", json("{\"url\":\"u\",\"mirrors\":[{\"port\":1}]}")))
                .hasMessage("INVALID_ARGUMENT: invalid props for task type 'crawl': field 'mirrors[0]': host is required");
    }

    @Test
    void wrongTypesAreInvalidArgumentsWithoutNoise() {
        for (String bad : List.of("{\"url\":\"u\",\"depth\":[]}", "{\"url\":\"u\",\"depth\":true}",
                "{\"url\":\"u\",\"mirrors\":[{\"host\":\"h\",\"port\":\"x\"}]}", "{\"url\":{}}","{\"url\":\"u\",\"depth\":\"deep\"}", "{\"url\":\"u\",\"depth\":1.5}",
                "{\"url\":\"u\",\"mirrors\":{}}", "{\"url\":\"u\",\"timeout\":\"soon\"}",
                "[1]", "\"text\"")) {
            assertThatThrownBy(() -> REGISTRY.decodeProps("crawl", json(bad))).as(bad)
                    .isInstanceOfSatisfying(WindlassException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageStartingWith("INVALID_ARGUMENT: invalid props for task type 'crawl': ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "reference chain", "Source:", "line: ", "JsonToken", "coercion"));
        }
        assertThatThrownBy(() -> REGISTRY.decodeProps("crawl", json("{\"url\":\"u\",\"depth\":\"deep\"}")))
                .hasMessage("INVALID_ARGUMENT: invalid props for task type 'crawl': field 'depth': Cannot deserialize"
                        + " value of type `int` from String \"deep\": not a valid `int` value");
        assertThatThrownBy(() -> REGISTRY.decodeProps("crawl", json("{\"url\":\"u\",\"depth\":[]}")))
                .hasMessage("INVALID_ARGUMENT: invalid props for task type 'crawl': field 'depth': Cannot deserialize"
                        + " value of type `int` from Array value");
    }

    @Test
    void absentPropsDecodeAsAnEmptyObjectWhenPossible() {
        assertThat(REGISTRY.decodeProps("opt", null)).isEqualTo(new OptionalProps(null));
        assertThat(REGISTRY.decodeProps("opt", JsonNodeFactory.instance.nullNode())).isEqualTo(new OptionalProps(null));
        assertThat(REGISTRY.decodeProps("opt", JsonNodeFactory.instance.missingNode())).isEqualTo(new OptionalProps(null));
        assertThatThrownBy(() -> REGISTRY.decodeProps("crawl", null))
                .hasMessage("INVALID_ARGUMENT: invalid props for task type 'crawl': props are missing and an empty object"
                        + " is not valid: url is required");
    }

    @Test
    void jsonNodePropsPassThrough() {
        JsonNode props = json("[1,{\"a\":true}]");
        assertThat(REGISTRY.decodeProps("raw.json-v2", props)).isEqualTo(props);
        assertThat(REGISTRY.decodeProps("raw.json-v2", null)).isEqualTo(json("{}"));
        assertThat(REGISTRY.decodeProps("obj", json("{\"a\":1}"))).isEqualTo(json("{\"a\":1}"));
        assertInvalid(() -> REGISTRY.decodeProps("obj", json("[1]")), "props must be a JSON ObjectNode, was array");
    }

    @Test
    void voidPropsMeanNoProps() {
        assertThat(REGISTRY.decodeProps("none", null)).isNull();
        assertThat(REGISTRY.decodeProps("none", json("{}"))).isNull();
        assertInvalid(() -> REGISTRY.decodeProps("none", json("{\"a\":1}")), "takes no props");
    }

    private static void assertInvalid(Runnable call, String text) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(WindlassException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining(text);
    }
}
