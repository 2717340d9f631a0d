package io.windlass.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.OptionsUtil;
import io.windlass.consumer.client.TaskFilter;
import io.windlass.consumer.client.TaskPage;
import io.windlass.consumer.client.TaskView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A cursor-paged task list that reads only what the page needs, at one revision: per round trip ONE read-only txn of
 * the id range after the cursor — {@code chunk} task records, {@code chunk} states and claims from the cursor on, and
 * the pending (and quarantined) commands from the cursor's key on — then the {@link TaskFilter} is applied in memory.
 * Without a state/owner/type filter one round trip fills the page; with one, rounds continue (at the first round's
 * revision) until the page is full, the namespace ends, or {@link #SCAN_BUDGET} ids were scanned — then the page says
 * where to continue. The commands of ids in the span are complete: a truncated commands read is continued up to the
 * last key an id of the span can have (command keys {@code <id>/<cmd>} do not sort like ids: {@code a-b/} &lt;
 * {@code a/}). Called from the client's caller thread (blocking, each read bounded by the request timeout).
 */
final class PageReader {
    /** The most ids one page request scans with a state/owner/type filter. */
    static final int SCAN_BUDGET = 5_000;
    private static final int MAX_CHUNK = 1_000;
    private static final int COMMANDS_CHUNK = 1_000;

    private final KV kv;
    private final Keys keys;
    private final Values values;
    private final EtcdCalls calls;

    PageReader(KV kv, Keys keys, Values values, EtcdCalls calls) {
        this.kv = kv;
        this.keys = keys;
        this.values = values;
        this.calls = calls;
    }

    /**
     * One page; with {@code through} (an id after the cursor, see {@link EtcdTaskClient#page(TaskFilter, String)})
     * the task, state and claim ranges end there and a page that reaches it unfilled continues after it.
     */
    TaskPage page(TaskFilter f, String through) {
        boolean filtered = f.state() != null || f.owner() != null || f.type() != null;
        List<TaskView> out = new ArrayList<>();
        String after = f.after();
        if (f.prefix() != null && after != null && f.pastPrefix(after)) {
            return new TaskPage(out, null);
        }
        if (through != null && ((after != null && through.compareTo(after) <= 0)
                || (f.prefix() != null && !through.startsWith(f.prefix())))) {
            throw new IllegalArgumentException("'through' " + through + " must be after the cursor, in the prefix");
        }
        long revision = 0;
        int scanned = 0;
        while (true) {
            int need = f.limit() - out.size();
            int chunk = Math.min(MAX_CHUNK, filtered ? Math.max(need, 100) : need);
            Round r = read(f.prefix(), after, chunk, revision, through);
            revision = r.revision;
            for (String id : r.ids) {
                TaskView v = r.snapshot.view(keys, values, id);
                if (v != null && matches(f, v)) {
                    out.add(v);
                    if (out.size() == f.limit()) {
                        boolean more = !r.exhausted || !id.equals(r.ids.last()) || through != null;
                        return new TaskPage(out, more ? id : null);
                    }
                }
            }
            scanned += r.ids.size();
            if (r.exhausted) {
                return new TaskPage(out, through);
            }
            after = r.spanLast;
            if (scanned >= SCAN_BUDGET) {
                return new TaskPage(out, after);
            }
        }
    }

    private static boolean matches(TaskFilter f, TaskView v) {
        return (f.state() == null || (v.state() != null && v.state().state().code() == f.state()))
                && (f.owner() == null || f.owner().equals(v.owner()))
                && (f.type() == null || (v.task() != null && f.type().equals(v.task().type())));
    }

    /** The ids in (after, spanLast] with everything stored of them; {@code exhausted}: no id after the span. */
    private record Round(long revision, TreeSet<String> ids, Snapshot snapshot, String spanLast, boolean exhausted) {
    }

    private Round read(String prefix, String after, int chunk, long revision, String through) {
        String p = prefix == null ? "" : prefix;
        String root = keys.rootString();
        Function<String, GetOption> idRange = kind -> through == null
                ? range(root + kind + p, chunk, revision) : rangeTo(root + kind + through + "\0", chunk, revision);
        ByteSequence cmdFrom = from(root + Keys.COMMANDS, p, after, false);
        ByteSequence qFrom = from(root + Keys.QUARANTINE + Keys.COMMANDS, p, after, false);
        TxnResponse t = calls.await(calls.observed(kv.txn().Then(
                Op.get(from(root + Keys.TASKS, p, after, true), idRange.apply(Keys.TASKS)),
                Op.get(from(root + Keys.STATE, p, after, true), idRange.apply(Keys.STATE)),
                Op.get(from(root + Keys.CLAIMS, p, after, true), idRange.apply(Keys.CLAIMS)),
                Op.get(cmdFrom, range(root + Keys.COMMANDS + p, COMMANDS_CHUNK, revision)),
                Op.get(qFrom, range(root + Keys.QUARANTINE + Keys.COMMANDS + p, COMMANDS_CHUNK, revision))
        ).commit(), "list_page"), "list");
        long rev = revision != 0 ? revision : t.getHeader().getRevision();
        List<GetResponse> g = t.getGetResponses();
        Snapshot s = Snapshot.empty(rev);
        s.addTasks(keys, g.get(0).getKvs());
        s.addStates(keys, g.get(1).getKvs());
        String spanLast = null;
        for (int i = 0; i < 2; i++) {
            GetResponse r = g.get(i);
            if (r.isMore() && !r.getKvs().isEmpty()) {
                String last = lastId(r, i == 0 ? Keys.TASKS : Keys.STATE);
                spanLast = spanLast == null || last.compareTo(spanLast) < 0 ? last : spanLast;
            }
        }
        TreeSet<String> ids = s.ids();
        if (spanLast != null) {
            ids = new TreeSet<>(ids.headSet(spanLast, true));
        }
        s.addClaims(keys, complete(g.get(2), root + Keys.CLAIMS, root + Keys.CLAIMS + p,
                spanLast != null ? spanLast : through, rev, chunk));
        String cmdBound = spanLast == null ? null : commandKeyBound(spanLast);
        s.addCommands(keys, byCreate(complete(g.get(3), root + Keys.COMMANDS, root + Keys.COMMANDS + p, cmdBound, rev,
                COMMANDS_CHUNK)));
        s.addQuarantined(keys, byCreate(complete(g.get(4), root + Keys.QUARANTINE + Keys.COMMANDS,
                root + Keys.QUARANTINE + Keys.COMMANDS + p, cmdBound, rev, COMMANDS_CHUNK)));
        return new Round(rev, ids, s, spanLast, spanLast == null);
    }

    /**
     * {@code first}'s key-values, continued while it was truncated and its last key is not past {@code kind + bound}
     * ({@code bound} null: to the end of {@code prefix}).
     */
    private List<KeyValue> complete(GetResponse first, String kind, String prefix, String bound, long rev, int chunk) {
        List<KeyValue> all = new ArrayList<>(first.getKvs());
        GetResponse r = first;
        while (r.isMore() && !r.getKvs().isEmpty()) {
            String last = Keys.string(r.getKvs().get(r.getKvs().size() - 1).getKey());
            if (bound != null && last.compareTo(kind + bound) > 0) {
                break;
            }
            r = calls.await(calls.observed(kv.get(Keys.bytes(last + "\0"), range(prefix, chunk, rev)), "list_page"),
                    "list");
            all.addAll(r.getKvs());
        }
        return all;
    }

    /** The largest key tail {@code <id>/...} any id up to {@code last} (in id order) can have. */
    static String commandKeyBound(String last) {
        String bound = last + "/\uffff";
        for (int i = 1; i < last.length(); i++) {
            if (last.charAt(i) < '/') { // the prefix last[0, i) sorts its commands after last's
                return last.substring(0, i) + "/\uffff";
            }
        }
        return bound;
    }

    /** Keys from the cursor on within {@code kind + prefix}: {@code exact} kinds key by the id alone. */
    private static ByteSequence from(String kind, String prefix, String after, boolean exact) {
        String start = kind + prefix;
        if (after != null) {
            String cursor = exact ? kind + after + "\0" : kind + after;
            start = cursor.compareTo(start) > 0 ? cursor : start;
        }
        return Keys.bytes(start);
    }

    private static GetOption rangeTo(String end, int limit, long revision) {
        return GetOption.builder().withRange(Keys.bytes(end)).withLimit(limit).withRevision(revision).build();
    }

    private static GetOption range(String prefix, int limit, long revision) {
        return GetOption.builder().withRange(OptionsUtil.prefixEndOf(Keys.bytes(prefix))).withLimit(limit)
                .withRevision(revision).build();
    }

    private String lastId(GetResponse r, String kind) {
        return Keys.string(r.getKvs().get(r.getKvs().size() - 1).getKey()).substring(keys.rootString().length()
                + kind.length());
    }

    private static List<KeyValue> byCreate(List<KeyValue> kvs) {
        List<KeyValue> sorted = new ArrayList<>(kvs);
        sorted.sort(Comparator.comparingLong(KeyValue::getCreateRevision));
        return sorted;
    }
}
