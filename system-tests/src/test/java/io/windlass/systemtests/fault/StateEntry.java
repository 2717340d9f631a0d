package io.windlass.systemtests.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.KeyValue;
import java.io.IOException;
import java.time.Instant;

/**
 * One stored version of a counter task's state key, decoded leniently for checking (the state envelope
 * {@code {fence,node,updated,state:{code,until,errors,data:{count,node,fence},version}}}).
 *
 * @param revision  etcd mod revision of this version
 * @param version   the task state's transition counter
 * @param code      state code
 * @param until     wake-up time when SLEEPING, else null
 * @param errors    number of recorded errors
 * @param node      writer node of this version ("" for a client write)
 * @param fence     writer fence of this version (0 for a client write)
 * @param updated   writer's wall-clock time of this version
 * @param count     steps done per the checkpoint data (0 before the first step)
 * @param dataNode  node that performed the latest step
 * @param dataFence fence under which the latest step was performed
 * @param raw       the stored text (for failure messages)
 */
record StateEntry(long revision, long version, String code, Instant until, int errors, String node, long fence,
                  Instant updated, long count, String dataNode, long dataFence, String raw) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static StateEntry of(KeyValue kv) {
        String raw = EtcdProbe.text(kv.getValue());
        JsonNode n;
        try {
            n = MAPPER.readTree(raw);
        } catch (IOException e) {
            throw new AssertionError("undecodable state at revision " + kv.getModRevision() + ": " + raw, e);
        }
        JsonNode s = n.path("state");
        JsonNode data = s.path("data");
        String until = s.path("until").asText(null);
        String updated = n.path("updated").asText(null);
        return new StateEntry(kv.getModRevision(), s.path("version").asLong(-1), s.path("code").asText("?"),
                until == null ? null : Instant.parse(until), s.path("errors").size(), n.path("node").asText(""),
                n.path("fence").asLong(0), updated == null ? Instant.EPOCH : Instant.parse(updated),
                data.path("count").asLong(0), data.path("node").asText(""), data.path("fence").asLong(0), raw);
    }

    /** True when this version performed a step relative to {@code previous} (the checkpoint data changed). */
    boolean steppedFrom(StateEntry previous) {
        return count != previous.count || !dataNode.equals(previous.dataNode) || dataFence != previous.dataFence;
    }

    @Override
    public String toString() {
        return "@" + revision + " v" + version + " " + code + " count=" + count + " by " + node + "/" + fence
                + " (step by " + dataNode + "/" + dataFence + ")";
    }
}
