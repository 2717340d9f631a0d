package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Commands the watch delivers while a claim is on its way are handed to a won claim, once, in order. */
class ClaimsOnTheWayTest {
    private final ClaimsOnTheWay claims = new ClaimsOnTheWay();

    @Test
    void aWonClaimGetsTheCommandsCreatedAfterItInCreateRevisionOrder() {
        claims.sent("t1");
        assertThat(claims.hold("t1", command("c-old", 90))).isTrue(); // older than the claim: the claim txn read it
        assertThat(claims.hold("t1", command("c-3", 130))).isTrue();
        assertThat(claims.hold("t1", command("c-2", 120))).isTrue(); // from another watch, out of order

        List<KeyValue> handed = claims.answered("t1", 100);

        assertThat(handed).extracting(KeyValue::getCreateRevision).containsExactly(120L, 130L);
        assertThat(claims.size()).isZero();
        assertThat(claims.hold("t1", command("c-4", 140))).as("after the answer the watch delivers directly")
                .isFalse();
    }

    @Test
    void aClaimNotWonDropsWhatWasHeld() {
        claims.sent("t1");
        claims.hold("t1", command("c-1", 120));

        assertThat(claims.answered("t1", 0)).isEmpty();
        assertThat(claims.size()).isZero();
    }

    @Test
    void commandsOfTasksWithoutAClaimOnItsWayAreNotHeld() {
        claims.sent("t1");

        assertThat(claims.hold("t2", command("c-1", 120))).isFalse();
        assertThat(claims.answered("t2", 100)).isEmpty();
        assertThat(claims.size()).isEqualTo(1);
    }

    @Test
    void twoClaimsOfOneTaskOnTheWayEndWithTheSecondAnswer() {
        claims.sent("t1");
        claims.sent("t1");
        claims.hold("t1", command("c-1", 120));

        assertThat(claims.answered("t1", 0)).isEmpty(); // the first lost: what was held stays for the other
        assertThat(claims.size()).isEqualTo(1);
        assertThat(claims.answered("t1", 110)).extracting(KeyValue::getCreateRevision).containsExactly(120L);
        assertThat(claims.size()).isZero();
    }

    private static KeyValue command(String id, long createRevision) {
        io.etcd.jetcd.api.KeyValue kv = io.etcd.jetcd.api.KeyValue.newBuilder()
                .setKey(ByteString.copyFromUtf8("/ns/commands/t1/" + id)).setValue(ByteString.copyFromUtf8("{}"))
                .setCreateRevision(createRevision).setModRevision(createRevision).setVersion(1).build();
        return new KeyValue(kv, ByteSequence.EMPTY);
    }
}
