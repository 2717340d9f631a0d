package io.windlass.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.client.TaskFilter;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.Command;
import java.util.List;
import java.util.Optional;

/** A test client that answers only {@code nodes()} (the subclass's); reads find nothing, writes are unsupported. */
abstract class NodesOnlyClient implements TaskClient {
    @Override public TaskRecord submit(String id, String type, JsonNode props) { throw new UnsupportedOperationException(); }
    @Override public boolean delete(String id) { throw new UnsupportedOperationException(); }
    @Override public String command(String id, Command command) { throw new UnsupportedOperationException(); }
    @Override public Optional<TaskView> get(String id) { return Optional.empty(); }
    @Override public List<TaskView> list(TaskFilter filter) { return List.of(); }
    @Override public String nodeCommand(String nodeId, String kind, String taskId) { throw new UnsupportedOperationException(); }
    @Override public void close() { }
}
