package io.windlass.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a malformed command of an owned task aside, raw bytes kept: {@code If(ModRevision(command)==seen)
 * Then Put(quarantine/commands/<id>/<commandId>, raw bytes), Delete(command)} — guarded on the revision it was read
 * at, so a command rewritten meanwhile is left alone. The client then lists the task as quarantined.
 *
 * <p>Threads: any (callers are the events thread: {@link EventRouter}, {@link ClaimTxn}); it never blocks, the txn is
 * sent asynchronously and bounded by the request timeout. Failure: only logged — the command then stays pending,
 * and the next re-list or claim meets it again.
 */
final class CommandQuarantine implements EventRouter.MalformedCommands {
    private static final Logger LOG = LoggerFactory.getLogger(CommandQuarantine.class);

    private final KV kv;
    private final Keys keys;
    private final EtcdCalls calls;

    CommandQuarantine(KV kv, Keys keys, EtcdCalls calls) {
        this.kv = kv;
        this.keys = keys;
        this.calls = calls;
    }

    @Override
    public void quarantine(String id, KeyValue command, String reason) {
        Keys.Parsed p = keys.parse(command.getKey());
        String commandId = p == null ? "unknown-" + command.getModRevision() : p.sub();
        LOG.warn("task {}: command {} is malformed ({}); moving it to quarantine", id, commandId, reason);
        ByteSequence aside = keys.quarantinedCommand(id, commandId);
        calls.bounded(kv.txn()
                .If(new Cmp(command.getKey(), Cmp.Op.EQUAL, CmpTarget.modRevision(command.getModRevision())))
                .Then(Op.put(aside, command.getValue(), PutOption.DEFAULT),
                        Op.delete(command.getKey(), DeleteOption.DEFAULT))
                .commit()).whenComplete((r, t) -> {
                    if (t != null) {
                        LOG.warn("could not quarantine command {} of task {}: {}", commandId, id, t.toString());
                    }
                });
    }
}
