package io.windlass.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.cli.support.Json;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** Renders results: the one JSON document (schema in docs/benchmarks.md) and the human table. Pure. */
final class Report {
    /** Identifies the document layout; bump when a field changes meaning. */
    static final String SCHEMA = "windlass-bench/1";

    private Report() {
    }

    static ObjectNode document(String name, String size, Instant date, ObjectNode machine, ObjectNode etcd,
                               double seconds, List<Result> results) {
        ObjectNode doc = Json.object();
        doc.put("schema", SCHEMA);
        doc.put("name", name);
        doc.put("quick", !"full".equals(size));
        doc.put("size", size);
        doc.put("date", date.toString());
        doc.set("machine", machine);
        doc.set("etcd", etcd);
        Stats.put(doc, "duration_s", seconds);
        doc.put("met", results.stream().allMatch(Result::met));
        doc.put("errors", results.stream().filter(Result::failed).count());
        ArrayNode list = doc.putArray("results");
        for (Result r : results) {
            ObjectNode n = list.addObject();
            n.put("name", r.name());
            n.set("params", r.params());
            n.set("baseline", r.baseline());
            n.set("framework", r.framework());
            if (r.ratio() == null) {
                n.putNull("ratio");
            } else {
                Stats.put(n, "ratio", r.ratio());
            }
            n.put("ratio_meaning", r.ratioMeaning());
            n.put("target", r.target());
            n.put("met", r.met());
            ArrayNode notes = n.putArray("notes");
            r.notes().forEach(notes::add);
        }
        return doc;
    }

    static void table(PrintWriter err, List<Result> results) {
        String format = "%-12s %-38s %-30s %-7s %-26s %s%n";
        err.printf(format, "benchmark", "baseline (raw etcd)", "framework", "ratio", "target", "met");
        for (Result r : results) {
            err.printf(format, r.name(), r.baselineSummary(), r.frameworkSummary(),
                    r.ratio() == null ? "-" : String.format("%.2fx", r.ratio()), r.target(), r.met() ? "yes" : "NO");
        }
        err.flush();
    }
}
