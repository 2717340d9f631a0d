package io.windlass.consumer.balance;

import java.util.List;

/**
 * Rendezvous (highest random weight) hashing: which of the live nodes is a task's preferred claimer. Every node
 * computes the same answer from the same node list, without talking to the others; the tasks spread evenly, and when a
 * node joins or leaves only the tasks it gains or loses change their preferred node. Pure functions.
 */
final class RendezvousHash {
    private RendezvousHash() {
    }

    /** The node of {@code nodes} (not empty, distinct) that prefers {@code taskId}. */
    static String preferred(String taskId, List<String> nodes) {
        long taskHash = mix(taskId.hashCode() * 0x9E3779B97F4A7C15L + taskId.length());
        String best = null;
        long bestWeight = 0;
        for (String node : nodes) {
            long w = mix(taskHash ^ mix(node.hashCode() * 0xC2B2AE3D27D4EB4FL + node.length()));
            if (best == null || Long.compareUnsigned(w, bestWeight) > 0
                    || (w == bestWeight && node.compareTo(best) < 0)) {
                best = node;
                bestWeight = w;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no nodes");
        }
        return best;
    }

    /** SplitMix64's finalizer: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
