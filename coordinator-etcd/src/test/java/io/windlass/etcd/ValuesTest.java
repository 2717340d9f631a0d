package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.codec.DecodeException;
import io.windlass.statemachine.codec.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValuesTest {
    private static final Instant AT = Instant.parse("2026-11-28T15:00:00.123456789Z");
    private final Values values = new Values(WireCodec.standard());

    @Test
    void everyValueRoundTrips() {
        TaskRecord task = new TaskRecord("t1", "invoice", JsonNodeFactory.instance.objectNode().put("n", 1), AT);
        assertThat(values.decodeTask(values.encodeTask(task))).isEqualTo(task);

        TaskState state = new TaskState(StateCode.SLEEPING, AT.plusSeconds(60), List.of(), null, 7);
        StoredState stored = values.decodeState(values.encodeState(state, "n1", 42, AT), 99);
        assertThat(stored).isEqualTo(new StoredState(state, 99, "n1", 42, AT));

        TaskCommand command = new TaskCommand("c1", Command.pause(), AT);
        assertThat(values.decodeCommand(values.encodeCommand(command))).isEqualTo(command);

        NodeCommand nodeCommand = new NodeCommand("x", NodeCommand.STOP_TASK, "t1");
        assertThat(values.decodeNodeCommand(values.encodeNodeCommand(nodeCommand, AT))).isEqualTo(nodeCommand);

        assertThat(values.decodeNode(values.encodeNode("n1", "h", AT, true, Set.of()), 3).draining()).isTrue();
        assertThat(values.decodeNode(values.encodeNode("n1", "h", AT, false, Set.of("b", "a")), 3))
                .isEqualTo(new NodeInfo("n1", "h", AT, 3, false, Set.of("a", "b")));
        assertThat(values.claimNode(values.encodeClaim("n1", 123L))).isEqualTo("n1");
    }

    @Test
    void aNodeRegistrationWithoutTypesIsUnknownAndBadTypesAreRefused() {
        byte[] old = "{\"node\":\"n1\",\"host\":\"h\",\"started\":\"2026-11-28T15:00:00Z\",\"draining\":false}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(values.decodeNode(old, 0).handlerTypes()).isEmpty();
        byte[] notArray = "{\"node\":\"n1\",\"started\":\"2026-11-28T15:00:00Z\",\"types\":\"x\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> values.decodeNode(notArray, 0)).isInstanceOf(DecodeException.class);
        byte[] notText = "{\"node\":\"n1\",\"started\":\"2026-11-28T15:00:00Z\",\"types\":[1]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> values.decodeNode(notText, 0)).isInstanceOf(DecodeException.class);
    }

    @Test
    void badBytesFailWithTheRawBytesAndNeverAsNull() {
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> values.decodeTask(garbage)).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(e.raw()).isEqualTo(garbage));
        byte[] noState = "{\"fence\":1}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> values.decodeState(noState, 1)).isInstanceOf(DecodeException.class);
        byte[] unknown = ("{\"fence\":1,\"node\":\"n\",\"updated\":\"2026-11-28T15:00:00Z\","
                + "\"state\":{\"code\":\"DANCING\"}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> values.decodeState(unknown, 1)).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(e.raw()).isEqualTo(unknown));
        byte[] badTime = "{\"id\":\"c\",\"command\":{\"kind\":\"PAUSE\"},\"sent\":\"yesterday\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> values.decodeCommand(badTime)).isInstanceOf(DecodeException.class);
        byte[] badId = "{\"id\":\"a/b\",\"type\":\"x\",\"created\":\"2026-11-28T15:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> values.decodeTask(badId)).isInstanceOf(DecodeException.class);
        assertThat(values.claimNode(garbage)).isEqualTo("?");
    }

    @Test
    void notUtf8AnUnknownCommandKindAndAnOversizedRecordAreDecodeErrors() {
        byte[] notUtf8 = "{\"id\":\"c\",\"command\":{\"kind\":\"PAUSE\"},\"sent\":\"2026-11-28T15:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        notUtf8[30] = (byte) 0xC3; // inside "PAUSE": an invalid two-byte sequence
        notUtf8[31] = (byte) 0x28;
        assertThatThrownBy(() -> values.decodeCommand(notUtf8)).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(e.raw()).isEqualTo(notUtf8));
        byte[] unknownKind = "{\"id\":\"c\",\"command\":{\"kind\":\"EXPLODE\"},\"sent\":\"2026-11-28T15:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> values.decodeCommand(unknownKind)).isInstanceOf(DecodeException.class);
        byte[] big = ("{\"id\":\"t\",\"type\":\"x\",\"created\":\"2026-11-28T15:00:00Z\",\"props\":{\"pad\":\""
                + "p".repeat(Values.MAX_RECORD_BYTES) + "\"}}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> values.decodeTask(big)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("over the limit");
    }

    @Test
    void claimValuesAreReadWithoutAParserExactlyAsWithOne() {
        assertThat(Values.canonicalClaimNode(values.encodeClaim("node-1.a_b:c", 7_587_888_812_345L)))
                .isEqualTo("node-1.a_b:c");
        for (String other : new String[] {"{\"node\":\"n1\",\"lease\":12,\"x\":1}", "{\"lease\":12,\"node\":\"n1\"}",
            "{\"node\":\"n\\u0031\",\"lease\":12}", "{\"node\":\"\",\"lease\":12}", "{\"node\":\"n1\",\"lease\":}",
            "{\"node\":\"n1\",\"lease\":-1}", "{\"node\":\"n1\",\"lease\":1", " {\"node\":\"n1\",\"lease\":1}", "",
            "{\"node\":\"n/1\",\"lease\":1}"}) {
            byte[] raw = other.getBytes(StandardCharsets.UTF_8);
            assertThat(Values.canonicalClaimNode(raw)).as(other).isNull();
        }
        // the parser still reads the other forms
        assertThat(values.claimNode("{\"lease\":12,\"node\":\"n1\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo("n1");
        assertThat(values.claimNode("{\"node\":\"n\\u0031\",\"lease\":12}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("n1");
        assertThat(values.claimNode("{\"node\":".getBytes(StandardCharsets.UTF_8))).isEqualTo("?");
    }
}
