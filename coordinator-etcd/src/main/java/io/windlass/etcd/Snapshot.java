package io.windlass.etcd;

import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.codec.DecodeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * A consistent read of the task keys of a namespace (or of one task) at one revision, turned into {@link TaskView}s.
 * Undecodable values become quarantine notes with their raw bytes; keys outside the layout are ignored.
 */
final class Snapshot {
    private final long revision;
    private final Map<String, KeyValue> tasks = new TreeMap<>();
    private final Map<String, KeyValue> states = new HashMap<>();
    private final Map<String, KeyValue> claims = new HashMap<>();
    private final Map<String, KeyValue> done = new HashMap<>();
    private Map<String, List<KeyValue>> commands = new HashMap<>();
    private Map<String, List<KeyValue>> quarantined = new HashMap<>();

    private Snapshot(long revision) {
        this.revision = revision;
    }

    /** An empty snapshot at {@code revision}, filled by {@link PagedRelist}. */
    static Snapshot empty(long revision) {
        return new Snapshot(revision);
    }

    /** Reads every task-related key of the namespace in one read-only txn. */
    static CompletableFuture<Snapshot> readAll(KV kv, Keys keys) {
        GetOption prefix = GetOption.builder().isPrefix(true).build();
        GetOption byCreate = GetOption.builder().isPrefix(true)
                .withSortField(GetOption.SortTarget.CREATE).withSortOrder(GetOption.SortOrder.ASCEND).build();
        return kv.txn().Then(
                Op.get(keys.prefix(Keys.TASKS), prefix),
                Op.get(keys.prefix(Keys.STATE), prefix),
                Op.get(keys.prefix(Keys.CLAIMS), prefix),
                Op.get(keys.prefix(Keys.DONE), prefix),
                Op.get(keys.prefix(Keys.COMMANDS), byCreate),
                Op.get(keys.prefix(Keys.QUARANTINE + Keys.COMMANDS), byCreate)
        ).commit().thenApply(r -> from(keys, r));
    }

    /** Reads the keys of one task in one read-only txn. */
    static CompletableFuture<Snapshot> readOne(KV kv, Keys keys, String id) {
        return readMany(kv, keys, List.of(id));
    }

    /** Most tasks {@link #readMany} reads in one txn (six reads each; etcd allows 128 operations per txn). */
    static final int MANY = 21;

    /** Reads the keys of up to {@link #MANY} tasks in one read-only txn. */
    static CompletableFuture<Snapshot> readMany(KV kv, Keys keys, List<String> ids) {
        if (ids.isEmpty() || ids.size() > MANY) {
            throw new IllegalArgumentException("read 1 to " + MANY + " tasks at once, not " + ids.size());
        }
        GetOption byCreate = GetOption.builder().isPrefix(true)
                .withSortField(GetOption.SortTarget.CREATE).withSortOrder(GetOption.SortOrder.ASCEND).build();
        List<Op> reads = new ArrayList<>(ids.size() * 6);
        for (String id : ids) {
            reads.add(Op.get(keys.task(id), GetOption.DEFAULT));
            reads.add(Op.get(keys.state(id), GetOption.DEFAULT));
            reads.add(Op.get(keys.claim(id), GetOption.DEFAULT));
            reads.add(Op.get(keys.done(id), GetOption.DEFAULT));
            reads.add(Op.get(keys.commandsOf(id), byCreate));
            reads.add(Op.get(Keys.bytes(keys.rootString() + Keys.QUARANTINE + Keys.COMMANDS + id + "/"), byCreate));
        }
        return kv.txn().Then(reads.toArray(Op[]::new)).commit().thenApply(r -> from(keys, r));
    }

    /** The snapshot of a txn of groups of six reads (tasks, states, claims, done, commands, quarantined commands). */
    private static Snapshot from(Keys keys, TxnResponse r) {
        Snapshot s = new Snapshot(r.getHeader().getRevision());
        List<GetResponse> gets = r.getGetResponses();
        for (int i = 0; i + 6 <= gets.size(); i += 6) {
            s.addTasks(keys, gets.get(i).getKvs());
            s.addStates(keys, gets.get(i + 1).getKvs());
            s.addClaims(keys, gets.get(i + 2).getKvs());
            s.addDone(keys, gets.get(i + 3).getKvs());
            s.addCommands(keys, gets.get(i + 4).getKvs());
            s.addQuarantined(keys, gets.get(i + 5).getKvs());
        }
        return s;
    }

    void addTasks(Keys keys, List<KeyValue> kvs) {
        kvs.forEach(kv -> single(keys, kv, Keys.TASKS, tasks));
    }

    void addStates(Keys keys, List<KeyValue> kvs) {
        kvs.forEach(kv -> single(keys, kv, Keys.STATE, states));
    }

    void addClaims(Keys keys, List<KeyValue> kvs) {
        kvs.forEach(kv -> single(keys, kv, Keys.CLAIMS, claims));
    }

    void addDone(Keys keys, List<KeyValue> kvs) {
        kvs.forEach(kv -> single(keys, kv, Keys.DONE, done));
    }

    /** Pending commands, in creation order. */
    void addCommands(Keys keys, List<KeyValue> kvs) {
        for (KeyValue kv : kvs) {
            Keys.Parsed p = keys.parse(kv.getKey());
            if (p != null && p.kind().equals(Keys.COMMANDS)) {
                commands.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(kv);
            }
        }
    }

    /** Commands moved aside to {@code quarantine/commands/<id>/...}. */
    void addQuarantined(Keys keys, List<KeyValue> kvs) {
        String qPrefix = keys.rootString() + Keys.QUARANTINE + Keys.COMMANDS;
        for (KeyValue kv : kvs) {
            String rest = Keys.string(kv.getKey()).substring(qPrefix.length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                quarantined.computeIfAbsent(rest.substring(0, slash), k -> new ArrayList<>()).add(kv);
            }
        }
    }

    /** Uses {@code other}'s commands and quarantined commands (a page of a re-list shares the first page's). */
    void shareCommandsOf(Snapshot other) {
        this.commands = other.commands;
        this.quarantined = other.quarantined;
    }

    private void single(Keys keys, KeyValue kv, String kind, Map<String, KeyValue> into) {
        Keys.Parsed p = keys.parse(kv.getKey());
        if (p != null && p.kind().equals(kind)) {
            into.put(p.id(), kv);
        }
    }

    long revision() {
        return revision;
    }

    /** Ids that have a task record or a state, sorted. */
    TreeSet<String> ids() {
        TreeSet<String> ids = new TreeSet<>(tasks.keySet());
        ids.addAll(states.keySet());
        return ids;
    }

    boolean claimed(String id) {
        return claims.containsKey(id);
    }

    boolean finished(String id) {
        return done.containsKey(id);
    }

    KeyValue claim(String id) {
        return claims.get(id);
    }

    /** The raw command key-values of one task, in creation order. */
    List<KeyValue> commandsOf(String id) {
        return commands.getOrDefault(id, List.of());
    }

    /** The view of one id, or null if nothing of it is stored. */
    TaskView view(Keys keys, Values values, String id) {
        KeyValue taskKv = tasks.get(id);
        KeyValue stateKv = states.get(id);
        if (taskKv == null && stateKv == null) {
            return null;
        }
        TaskView.Quarantine quarantine = null;
        TaskRecord task = null;
        if (taskKv == null) {
            quarantine = new TaskView.Quarantine(Keys.string(keys.task(id)), "state without a task record",
                    new byte[0]);
        } else {
            try {
                task = values.decodeTask(taskKv.getValue().getBytes());
                if (!task.id().equals(id)) {
                    quarantine = new TaskView.Quarantine(Keys.string(taskKv.getKey()),
                            "record id '" + task.id() + "' does not match its key", taskKv.getValue().getBytes());
                    task = null;
                }
            } catch (DecodeException e) {
                quarantine = new TaskView.Quarantine(Keys.string(taskKv.getKey()), e.getMessage(), e.raw());
            }
        }
        StoredState state = null;
        if (stateKv != null) {
            try {
                state = values.decodeState(stateKv.getValue().getBytes(), stateKv.getModRevision());
            } catch (DecodeException e) {
                if (quarantine == null) {
                    quarantine = new TaskView.Quarantine(Keys.string(stateKv.getKey()), e.getMessage(), e.raw());
                }
            }
        }
        List<TaskCommand> pending = new ArrayList<>();
        for (KeyValue kv : commandsOf(id)) {
            try {
                pending.add(values.decodeCommand(kv.getValue().getBytes()));
            } catch (DecodeException e) {
                if (quarantine == null) {
                    quarantine = new TaskView.Quarantine(Keys.string(kv.getKey()), e.getMessage(), e.raw());
                }
            }
        }
        for (KeyValue kv : quarantined.getOrDefault(id, List.of())) {
            if (quarantine == null) {
                quarantine = new TaskView.Quarantine(Keys.string(kv.getKey()),
                        "malformed command moved aside by the owner", kv.getValue().getBytes());
            }
        }
        KeyValue claimKv = claims.get(id);
        String owner = claimKv == null ? null : values.claimNode(claimKv.getValue().getBytes());
        long fence = claimKv == null ? 0 : claimKv.getCreateRevision();
        return new TaskView(id, task, state, owner, fence, pending, quarantine);
    }
}
