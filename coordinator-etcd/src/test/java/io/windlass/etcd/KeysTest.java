package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeysTest {
    private final Keys keys = new Keys("ns");

    @Test
    void layoutOfEveryKey() {
        assertThat(Keys.string(keys.task("t1"))).isEqualTo("/ns/tasks/t1");
        assertThat(Keys.string(keys.state("t1"))).isEqualTo("/ns/state/t1");
        assertThat(Keys.string(keys.claim("t1"))).isEqualTo("/ns/claims/t1");
        assertThat(Keys.string(keys.done("t1"))).isEqualTo("/ns/done/t1");
        assertThat(Keys.string(keys.command("t1", "c1"))).isEqualTo("/ns/commands/t1/c1");
        assertThat(Keys.string(keys.quarantinedCommand("t1", "c1"))).isEqualTo("/ns/quarantine/commands/t1/c1");
        assertThat(Keys.string(keys.node("n1"))).isEqualTo("/ns/nodes/n1");
        assertThat(Keys.string(keys.nodeCommand("n1", "x"))).isEqualTo("/ns/nodecmds/n1/x");
    }

    @Test
    void perTaskPrefixesEndWithASlashSoT1NeverMatchesT10() {
        assertThat(Keys.string(keys.commandsOf("t1"))).isEqualTo("/ns/commands/t1/");
        assertThat(keys.command("t10", "c").startsWith(keys.commandsOf("t1"))).isFalse();
        assertThat(keys.command("t1", "c").startsWith(keys.commandsOf("t1"))).isTrue();
    }

    @Test
    void parsesLayoutKeysAndIgnoresForeignOnes() {
        assertThat(keys.parse(keys.task("t1"))).isEqualTo(new Keys.Parsed(Keys.TASKS, "t1", null));
        assertThat(keys.parse(keys.command("t1", "c9"))).isEqualTo(new Keys.Parsed(Keys.COMMANDS, "t1", "c9"));
        assertThat(keys.parse(keys.nodeCommand("n1", "x"))).isEqualTo(new Keys.Parsed(Keys.NODE_COMMANDS, "n1", "x"));
        assertThat(keys.parse(Keys.bytes("/ns/tasks/t1/extra"))).isNull();
        assertThat(keys.parse(Keys.bytes("/ns/whatever/t1"))).isNull();
        assertThat(keys.parse(Keys.bytes("/ns/tasks/"))).isNull();
        assertThat(keys.parse(Keys.bytes("/other/tasks/t1"))).isNull();
        assertThat(keys.parse(Keys.bytes("/ns/commands/t1"))).isNull();
        assertThat(keys.parse(Keys.bytes("/nsx/tasks/t1"))).isNull();
    }

    @Test
    void aKeyThatIsNotValidUtf8IsIgnoredNeverDecodedLossily() {
        byte[] prefix = "/ns/tasks/t".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] raw = java.util.Arrays.copyOf(prefix, prefix.length + 2);
        raw[prefix.length] = (byte) 0xC3; // a cut two-byte sequence: lossy decoding would read "t\uFFFD("
        raw[prefix.length + 1] = (byte) 0x28;
        io.etcd.jetcd.ByteSequence key = io.etcd.jetcd.ByteSequence.from(raw);
        assertThat(Keys.strict(key)).isNull();
        assertThat(keys.parse(key)).as("not a task t\uFFFD( that could never be claimed").isNull();
        assertThat(keys.parse(io.etcd.jetcd.ByteSequence.from(new byte[] {(byte) 0xFF}))).isNull();
        assertThat(keys.parse(keys.task("t\u00e9"))).isEqualTo(new Keys.Parsed(Keys.TASKS, "t\u00e9", null));
    }

    @Test
    void namespacesAreValidated() {
        assertThatThrownBy(() -> new Keys("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Keys("")).isInstanceOf(IllegalArgumentException.class);
    }
}
