/** Windlass consumer engine: the coordinator and balancer SPIs, the per-task event loop, timers, the client API. */
module io.windlass.consumer {
    requires transitive io.windlass.statemachine;
    requires org.slf4j;
    requires java.management;

    exports io.windlass.consumer;
    exports io.windlass.consumer.spi;
    exports io.windlass.consumer.client;
    exports io.windlass.consumer.time;
    exports io.windlass.consumer.balance;
}
