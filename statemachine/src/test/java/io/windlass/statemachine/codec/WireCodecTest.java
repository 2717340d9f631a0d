package io.windlass.statemachine.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.WindlassException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class WireCodecTest {
    private static final WireCodec CODEC = WireCodec.standard();
    private static final Instant T = Instant.parse("2026-11-28T15:00:00Z");

    private static TaskState sample(StateCode code) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("count", 3);
        data.putArray("seen").add("a").add(1.5).addNull();
        List<TaskError> errors = code == StateCode.RUNNABLE ? List.of()
                : List.of(new TaskError(T.minusSeconds(60), "disk full", "java.io.IOException"),
                        TaskError.of(T.minusNanos(1_500), "no type, fractional seconds"));
        return new TaskState(code, code == StateCode.SLEEPING ? T : null, errors, data, 3);
    }

    private static Command sample(CommandKind kind) {
        return switch (kind) {
            case RUN -> Command.run();
            case SLEEP -> Command.sleepUntil(T);
            case PAUSE -> Command.pause();
            case KILL -> Command.kill();
            case COMPLETE -> Command.complete();
            case ERROR -> new Command.Error(new TaskError(T, "boom", "java.lang.IllegalStateException"));
            case CHECKPOINT -> Command.checkpoint();
            case RELEASE -> Command.release();
        };
    }

    // ---- round trips ----

    @ParameterizedTest
    @EnumSource(StateCode.class)
    void everyStateRoundTrips(StateCode code) {
        TaskState s = sample(code);
        assertThat(CODEC.decodeState(CODEC.encodeState(s))).isEqualTo(s);
        assertThat(CODEC.stateFromJson(CODEC.stateToJson(s), null)).isEqualTo(s);
    }

    @Test
    void stateWithoutDataOrErrorsRoundTrips() {
        assertThat(CODEC.decodeState(CODEC.encodeState(TaskState.initial()))).isEqualTo(TaskState.initial());
    }

    @ParameterizedTest
    @EnumSource(CommandKind.class)
    void everyCommandRoundTrips(CommandKind kind) {
        Command c = sample(kind);
        assertThat(CODEC.decodeCommand(CODEC.encodeCommand(c))).isEqualTo(c);
        assertThat(CODEC.commandFromJson(CODEC.commandToJson(c), null)).isEqualTo(c);
    }

    @Test
    void stateWireFormatIsTheDocumentedOne() {
        String json = new String(CODEC.encodeState(sample(StateCode.SLEEPING)), UTF_8);
        assertThat(json).isEqualTo("{\"code\":\"SLEEPING\",\"until\":\"2026-11-28T15:00:00Z\",\"errors\":["
                + "{\"at\":\"2026-11-28T14:59:00Z\",\"message\":\"disk full\",\"type\":\"java.io.IOException\"},"
                + "{\"at\":\"2026-11-28T14:59:59.999998500Z\",\"message\":\"no type, fractional seconds\"}],"
                + "\"data\":{\"count\":3,\"seen\":[\"a\",1.5,null]},\"version\":3}");
        assertThat(new String(CODEC.encodeState(TaskState.initial()), UTF_8))
                .isEqualTo("{\"code\":\"RUNNABLE\",\"errors\":[],\"version\":0}");
    }

    @Test
    void commandWireFormatIsTheDocumentedOne() {
        assertThat(new String(CODEC.encodeCommand(Command.sleepUntil(T)), UTF_8))
                .isEqualTo("{\"kind\":\"SLEEP\",\"until\":\"2026-11-28T15:00:00Z\"}");
        assertThat(new String(CODEC.encodeCommand(Command.pause()), UTF_8)).isEqualTo("{\"kind\":\"PAUSE\"}");
        assertThat(new String(CODEC.encodeCommand(Command.error(T, "x")), UTF_8))
                .isEqualTo("{\"kind\":\"ERROR\",\"error\":{\"at\":\"2026-11-28T15:00:00Z\",\"message\":\"x\"}}");
    }

    @Test
    void unknownExtraPropertiesAreIgnored() {
        TaskState s = CODEC.decodeState(("{\"code\":\"PAUSED\",\"errors\":[{\"at\":\"2026-11-28T15:00:00Z\","
                + "\"message\":\"m\",\"retries\":2}],\"version\":4,\"fence\":1234,\"future\":{\"x\":1}}").getBytes(UTF_8));
        assertThat(s).isEqualTo(new TaskState(StateCode.PAUSED, null, List.of(TaskError.of(T, "m")), null, 4));
        assertThat(CODEC.decodeCommand("{\"kind\":\"KILL\",\"by\":\"operator\"}".getBytes(UTF_8))).isEqualTo(Command.kill());
    }

    @Test
    void optionalFieldsMayBeNullOrAbsent() {
        TaskState s = CODEC.decodeState("{\"code\":\"RUNNABLE\",\"until\":null,\"data\":null,\"version\":1}"
                .getBytes(UTF_8));
        assertThat(s).isEqualTo(new TaskState(StateCode.RUNNABLE, null, List.of(), null, 1));
    }

    // ---- bad input: every class raises DecodeException with the raw bytes ----

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"code\":\"RUNNABLE\",\"version\":1",                                  // malformed: truncated
        "{\"code\":\"RUNNABLE\",\"version\":1} trailing",                        // malformed: trailing garbage
        "{\"code\":\"RUNNABLE\",\"code\":\"PAUSED\",\"version\":1}",             // malformed: duplicate key
        "not json at all",
        "   ",                                                                   // blank
        "[1,2]",                                                                 // not an object
        "null",
        "{\"code\":\"SNOOZING\",\"version\":1}",                                 // unknown state
        "{\"code\":\"runnable\",\"version\":1}",                                 // names are case-sensitive
        "{\"version\":1}",                                                       // missing code
        "{\"code\":\"RUNNABLE\"}",                                               // missing version
        "{\"code\":7,\"version\":1}",                                            // wrong type
        "{\"code\":\"RUNNABLE\",\"version\":\"1\"}",                             // wrong type
        "{\"code\":\"RUNNABLE\",\"version\":1.5}",                               // wrong type
        "{\"code\":\"RUNNABLE\",\"version\":-1}",                                // negative version
        "{\"code\":\"RUNNABLE\",\"version\":99999999999999999999}",              // too big for a long
        "{\"code\":\"SLEEPING\",\"version\":1}",                                 // SLEEPING without until
        "{\"code\":\"RUNNABLE\",\"until\":\"2026-11-28T15:00:00Z\",\"version\":1}", // until outside SLEEPING
        "{\"code\":\"FAULT\",\"errors\":[],\"version\":1}",                      // FAULT without errors
        "{\"code\":\"SLEEPING\",\"until\":\"tomorrow\",\"version\":1}",          // not an instant
        "{\"code\":\"SLEEPING\",\"until\":1764342000,\"version\":1}",            // epoch number, not a string
        "{\"code\":\"SLEEPING\",\"until\":\"1969-12-31T23:59:59Z\",\"version\":1}", // absurd: before 1970
        "{\"code\":\"SLEEPING\",\"until\":\"2200-01-01T00:00:00Z\",\"version\":1}", // absurd: 2200
        "{\"code\":\"SLEEPING\",\"until\":\"+1000000-01-01T00:00:00Z\",\"version\":1}",
        "{\"code\":\"RUNNABLE\",\"errors\":{},\"version\":1}",                   // errors not an array
        "{\"code\":\"RUNNABLE\",\"errors\":[\"oops\"],\"version\":1}",           // error not an object
        "{\"code\":\"RUNNABLE\",\"errors\":[{\"message\":\"m\"}],\"version\":1}", // error without at
        "{\"code\":\"RUNNABLE\",\"errors\":[{\"at\":\"2026-11-28T15:00:00Z\"}],\"version\":1}", // without message
        "{\"code\":\"RUNNABLE\",\"errors\":[{\"at\":\"2026-11-28T15:00:00Z\",\"message\":\" \"}],\"version\":1}",
        "{\"code\":\"RUNNABLE\",\"errors\":[{\"at\":\"2026-11-28T15:00:00Z\",\"message\":\"m\",\"type\":3}],\"version\":1}",
        "{\"code\":\"RUNNABLE\",\"errors\":[{\"at\":\"1900-01-01T00:00:00Z\",\"message\":\"m\"}],\"version\":1}",
    })
    void badStatesAreDecodeErrorsCarryingTheRawBytes(String input) {
        byte[] raw = input.getBytes(UTF_8);
        assertThatThrownBy(() -> CODEC.decodeState(raw)).isInstanceOfSatisfying(DecodeException.class, e -> {
            assertThat(e.raw()).isEqualTo(raw);
            assertThat(e.code()).isEqualTo(ErrorCode.DECODE_FAILED);
            assertThat(e.getMessage()).doesNotContain("\n");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"kind\":\"JUMP\"}",
        "{\"kind\":\"run\"}",
        "{}",
        "{\"kind\":null}",
        "{\"kind\":[\"RUN\"]}",
        "{\"kind\":\"SLEEP\"}",
        "{\"kind\":\"SLEEP\",\"until\":\"soon\"}",
        "{\"kind\":\"SLEEP\",\"until\":\"0001-01-01T00:00:00Z\"}",
        "{\"kind\":\"SLEEP\",\"until\":\"2300-01-01T00:00:00Z\"}",
        "{\"kind\":\"ERROR\"}",
        "{\"kind\":\"ERROR\",\"error\":\"boom\"}",
        "{\"kind\":\"ERROR\",\"error\":{\"at\":\"2026-11-28T15:00:00Z\"}}",
        "{\"kind\":\"RUN\"",
        "\"RUN\"",
        "",
    })
    void badCommandsAreDecodeErrorsCarryingTheRawBytes(String input) {
        byte[] raw = input.getBytes(UTF_8);
        assertThatThrownBy(() -> CODEC.decodeCommand(raw)).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(e.raw()).isEqualTo(raw));
    }

    @Test
    void decodeErrorsNameTheProblem() {
        assertThat(messageOf("{\"code\":\"SNOOZING\",\"version\":1}")).isEqualTo("DECODE_FAILED: cannot decode task "
                + "state: unknown state code 'SNOOZING' (known: [RUNNABLE, SLEEPING, PAUSED, FAULT, COMPLETED, FAILED, KILLED])");
        assertThat(messageOf("{\"code\":\"RUNNABLE\",\"version\":-1}")).endsWith("field 'version' must be >= 0, was -1");
        assertThat(messageOf("{\"code\":\"SLEEPING\",\"until\":\"2200-01-01T00:00:00Z\",\"version\":1}"))
                .contains("field 'until' is an absurd time 2200-01-01T00:00:00Z");
        assertThat(messageOf("{\"code\":\"SLEEPING\",\"version\":1}")).endsWith("a SLEEPING state needs 'until'");
        assertThat(messageOf("{\"version\":1}")).endsWith("required field 'code' is missing");
        assertThat(messageOf("{\"code\":")).startsWith("DECODE_FAILED: malformed JSON: ");
        assertThat(messageOf("")).isEqualTo("DECODE_FAILED: cannot decode: no bytes (empty value)");
        assertThat(messageOf("[1,2]")).endsWith("a task state must be a JSON object, was array");
        assertThat(messageOf("{\"code\":\"RUNNABLE\",\"version\":\"1\"}"))
                .endsWith("field 'version' must be an integer, was string \"1\"");
        assertThat(messageOf("{\"code\":\"SLEEPING\",\"until\":\"tomorrow\",\"version\":1}"))
                .endsWith("field 'until' is not an ISO-8601 UTC instant: 'tomorrow'");
        assertThatThrownBy(() -> CODEC.decodeCommand("{\"kind\":\"ERROR\",\"error\":{\"at\":\"2026-11-28T15:00:00Z\"}}"
                .getBytes(UTF_8))).hasMessage("DECODE_FAILED: cannot decode command: required field 'message' is missing");
    }

    @Test
    void decodingFromATreeReportsTheCallersRawBytes() {
        byte[] raw = "{\"code\":\"NOPE\",\"version\":1,\"fence\":9}".getBytes(UTF_8);
        JsonNode tree = CODEC.parse(raw);
        assertThatThrownBy(() -> CODEC.stateFromJson(tree, raw)).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(e.raw()).isEqualTo(raw));
        assertThatThrownBy(() -> CODEC.commandFromJson(tree, raw)).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(e.raw()).isEqualTo(raw));
    }

    @Test
    void nullBytesAreADecodeError() {
        assertThatThrownBy(() -> CODEC.decodeState(null)).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> CODEC.stateFromJson(null, null)).isInstanceOf(DecodeException.class);
    }

    @Test
    void encodingRefusesTimesItCouldNotDecode() {
        TaskError ancient = TaskError.of(Instant.parse("1960-01-01T00:00:00Z"), "from a broken clock");
        TaskState s = new TaskState(StateCode.FAULT, null, List.of(ancient), null, 1);
        assertThatThrownBy(() -> CODEC.encodeState(s)).isInstanceOfSatisfying(WindlassException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining("error at 1960-01-01");
        TaskState farFuture = new TaskState(StateCode.SLEEPING, Instant.parse("2999-01-01T00:00:00Z"), List.of(), null, 1);
        assertThatThrownBy(() -> CODEC.stateToJson(farFuture)).hasMessageContaining("state until 2999-01-01");
        assertThatThrownBy(() -> CODEC.encodeCommand(new Command.Error(ancient))).hasMessageContaining("error at");
    }

    // ---- size limit ----

    @Test
    void oversizedCheckpointDataIsRefusedOnEncodeAndByTheCheckHelper() {
        ObjectNode big = JsonNodeFactory.instance.objectNode().put("blob", "x".repeat(TaskState.MAX_DATA_BYTES));
        TaskState s = TaskState.initial().withData(big);
        assertTooLarge(() -> CODEC.encodeState(s));
        assertTooLarge(() -> CODEC.stateToJson(s));
        assertTooLarge(() -> WireCodec.checkDataSize(big));
    }

    @Test
    void dataAtTheLimitIsAccepted() {
        // {"blob":"xxx…"} is 11 bytes of overhead.
        ObjectNode max = JsonNodeFactory.instance.objectNode().put("blob", "x".repeat(TaskState.MAX_DATA_BYTES - 11));
        assertThat(WireCodec.checkDataSize(max)).isEqualTo(TaskState.MAX_DATA_BYTES);
        TaskState s = TaskState.initial().withData(max);
        assertThat(CODEC.decodeState(CODEC.encodeState(s))).isEqualTo(s);
        ObjectNode over = JsonNodeFactory.instance.objectNode().put("blob", "x".repeat(TaskState.MAX_DATA_BYTES - 10));
        assertTooLarge(() -> WireCodec.checkDataSize(over));
        assertThat(WireCodec.checkDataSize(null)).isZero();
    }

    @Test
    void mapperWritesInstantsAsIsoStrings() throws Exception {
        assertThat(io.windlass.statemachine.internal.JacksonWireCodec.sharedMapper().writeValueAsString(T)).isEqualTo("\"2026-11-28T15:00:00Z\"");
    }

    private static void assertTooLarge(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(WindlassException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE))
                .hasMessageContaining("over the limit of " + TaskState.MAX_DATA_BYTES + " bytes");
    }

    private static String messageOf(String input) {
        try {
            CODEC.decodeState(input.getBytes(UTF_8));
        } catch (DecodeException e) {
            return e.getMessage();
        }
        throw new AssertionError("no DecodeException for " + input);
    }
}
