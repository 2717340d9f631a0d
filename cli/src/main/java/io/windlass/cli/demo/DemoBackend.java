package io.windlass.cli.demo;

import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.spi.Coordinator;

/** Where the demo's nodes keep their tasks: the embedded in-memory store or etcd. */
interface DemoBackend extends AutoCloseable {

    /** A fresh, unstarted coordinator for one node. */
    Coordinator coordinator();

    /** The client the demo submits and steers tasks with. */
    TaskClient client();

    /** A short description for the view, e.g. "embedded in-memory coordinator". */
    String describe();

    @Override
    void close();
}
