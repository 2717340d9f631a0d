package io.windlass.etcd;

import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.statemachine.WindlassException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the live nodes and their claim counts at one revision (one read-only txn). */
final class NodeReader {
    private static final Logger LOG = LoggerFactory.getLogger(NodeReader.class);

    private NodeReader() {
    }

    static CompletableFuture<List<NodeInfo>> read(KV kv, Keys keys, Values values) {
        GetOption prefix = GetOption.builder().isPrefix(true).build();
        return kv.txn().Then(Op.get(keys.prefix(Keys.NODES), prefix), Op.get(keys.prefix(Keys.CLAIMS), prefix))
                .commit().thenApply(r -> decode(r, keys, values));
    }

    private static List<NodeInfo> decode(TxnResponse r, Keys keys, Values values) {
        Map<String, Integer> counts = new HashMap<>();
        for (KeyValue c : r.getGetResponses().get(1).getKvs()) {
            counts.merge(values.claimNode(c.getValue().getBytes()), 1, Integer::sum);
        }
        List<NodeInfo> out = new ArrayList<>();
        for (KeyValue n : r.getGetResponses().get(0).getKvs()) {
            Keys.Parsed p = keys.parse(n.getKey());
            if (p == null || !p.kind().equals(Keys.NODES)) {
                continue;
            }
            try {
                out.add(values.decodeNode(n.getValue().getBytes(), counts.getOrDefault(p.id(), 0)));
            } catch (WindlassException e) {
                LOG.warn("ignoring undecodable node key {}: {}", Keys.string(n.getKey()), e.getMessage());
            }
        }
        return out;
    }
}
