package io.windlass.spring;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code windlass.clusters}: an etcd cluster ({@link EtcdProperties}) and the namespaces this application
 * serves on it, one consumer (and one task client) per namespace — the model of the worker's {@code --config} file.
 */
public class ClusterProperties extends EtcdProperties {
    /** The namespaces on this cluster; each needs a name, listed once. */
    private List<NamespaceProperties> namespaces = new ArrayList<>();

    public List<NamespaceProperties> getNamespaces() {
        return namespaces;
    }

    public void setNamespaces(List<NamespaceProperties> namespaces) {
        this.namespaces = namespaces;
    }

    /** A namespace of a cluster, with an optional node id of its own. */
    public static class NamespaceProperties {
        /** The namespace (key prefix) of the tasks. */
        private String name;
        /** This application's node id in this namespace; default: windlass.node-id. */
        private String nodeId;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getNodeId() {
            return nodeId;
        }

        public void setNodeId(String nodeId) {
            this.nodeId = nodeId;
        }
    }
}
