package io.windlass.bench;

/** A framework node in a benchmark: the consumer engine ({@link EngineNode}) or the coordinator-only driver. */
interface Node extends AutoCloseable {
    String name();

    /** Registers the node; claiming starts. */
    void start();

    /** Tasks this node holds now. */
    int claimed();

    /** The node stops abruptly (no release, no further writes); callers cut its connection to etcd as well. */
    void die();

    /** Leaves without releasing task by task (the coordinator drops the claims); closes the client. */
    @Override
    void close();
}
