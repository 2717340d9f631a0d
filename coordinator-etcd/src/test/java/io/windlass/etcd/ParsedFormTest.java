package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.codec.WireCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParsedFormTest {
    private static final WireCodec CODEC = WireCodec.standard();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static JsonNode parsed(JsonNode n) {
        return CODEC.parse(CODEC.write(n));
    }

    @Test
    void aTreeAlreadyInParsedFormIsReturnedAsIs() {
        ObjectNode n = F.objectNode().put("s", "x").put("i", 3).put("big", 1L << 40).put("d", 0.1).put("b", true);
        n.putNull("nothing");
        n.putArray("a").add(1).add("two").addObject().put("k", 2.5);
        assertThat(ParsedForm.of(n)).isSameAs(n).isEqualTo(parsed(n));
    }

    @Test
    void otherNumberNodesBecomeWhatTheParserYields() {
        ObjectNode n = F.objectNode().put("step", 3L).put("short", (short) 7).put("big", BigInteger.valueOf(5))
                .put("huge", Long.MAX_VALUE);
        n.putArray("a").add(9L).addObject().put("deep", -4L);
        JsonNode converted = ParsedForm.of(n);
        assertThat(n).isNotEqualTo(parsed(n));
        assertThat(converted).isNotSameAs(n).isEqualTo(parsed(n));
    }

    @Test
    void nodesAWalkCannotVouchForAreLeftToTheParser() {
        assertThat(ParsedForm.of(F.objectNode().put("f", 0.1f))).isNull();
        assertThat(ParsedForm.of(F.objectNode().put("dec", new BigDecimal("1.50")))).isNull();
        assertThat(ParsedForm.of(F.arrayNode().add(Double.NaN))).isNull();
        assertThat(ParsedForm.of(F.objectNode().put("b", BigInteger.TEN.pow(30)))).isNull();
    }

    @Test
    void valuesAsReadEqualsTheDecodedStateAndKeepsTheObjectWhenNothingChanges() {
        Values values = new Values(CODEC);
        TaskState longs = new TaskState(StateCode.RUNNABLE, null, List.of(), F.objectNode().put("step", 3L), 3);
        TaskState ints = new TaskState(StateCode.RUNNABLE, null, List.of(), F.objectNode().put("step", 3), 3);
        TaskState floats = new TaskState(StateCode.RUNNABLE, null, List.of(), F.objectNode().put("f", 0.5f), 3);
        for (TaskState s : List.of(longs, ints, floats, TaskState.initial())) {
            byte[] encoded = values.encodeState(s, "n1", 7, java.time.Instant.EPOCH);
            assertThat(values.asRead(s, encoded)).isEqualTo(values.decodeState(encoded, 0).state());
        }
        assertThat(values.asRead(ints, new byte[0])).as("not decoded").isSameAs(ints);
    }
}
