package io.windlass.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A JSON tree as a reader gets it back from its serialised form (what {@code parse(write(tree))} yields), computed
 * by walking the tree instead of serialising and parsing it. Jackson parses integers into {@link IntNode} when they
 * fit an int, else {@link LongNode}, and decimals into {@link DoubleNode}; a tree built with other node types (say
 * {@code put("step", 3L)}) writes the same JSON but is not {@code equals} to its parsed form. Pure and thread-safe.
 */
final class ParsedForm {
    private ParsedForm() {
    }

    /**
     * The parsed form of {@code n}: {@code n} itself when it already is in that form, else a converted copy, or
     * {@code null} when this walk cannot tell (floats, big decimals, big integers, binary or POJO nodes, non-finite
     * doubles) — the caller then serialises and parses.
     */
    static JsonNode of(JsonNode n) {
        return isParsed(n) ? n : convert(n);
    }

    private static boolean isParsed(JsonNode n) {
        switch (n.getNodeType()) {
            case OBJECT, ARRAY -> {
                for (JsonNode child : n) {
                    if (!isParsed(child)) {
                        return false;
                    }
                }
                return true;
            }
            case STRING, BOOLEAN, NULL -> {
                return true;
            }
            case NUMBER -> {
                return n instanceof IntNode || n instanceof LongNode && !fitsInt(n.longValue())
                        || n instanceof DoubleNode && Double.isFinite(n.doubleValue());
            }
            default -> {
                return false;
            }
        }
    }

    private static JsonNode convert(JsonNode n) {
        switch (n.getNodeType()) {
            case OBJECT -> {
                ObjectNode copy = JsonNodeFactory.instance.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode v = of(e.getValue());
                    if (v == null) {
                        return null;
                    }
                    copy.set(e.getKey(), v);
                }
                return copy;
            }
            case ARRAY -> {
                ArrayNode copy = JsonNodeFactory.instance.arrayNode(n.size());
                for (JsonNode child : n) {
                    JsonNode v = of(child);
                    if (v == null) {
                        return null;
                    }
                    copy.add(v);
                }
                return copy;
            }
            case STRING, BOOLEAN, NULL -> {
                return n;
            }
            case NUMBER -> {
                if (n.isIntegralNumber() && n.canConvertToLong()) {
                    long v = n.longValue();
                    return fitsInt(v) ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
                }
                return n instanceof DoubleNode && Double.isFinite(n.doubleValue()) ? n : null;
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean fitsInt(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
    }
}
