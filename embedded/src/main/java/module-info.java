/**
 * Windlass embedded coordinator: an in-memory cluster (claims with fence tokens, fenced writes, ordered commands, node
 * registry) with its coordinator and client. The demo's default backend and the task harness's store.
 */
module io.windlass.embedded {
    requires transitive io.windlass.consumer;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports io.windlass.embedded;
}
