package io.windlass.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * {@code windlass.*}: where etcd is, which namespaces this application serves, and how its consumers run
 * (docs/spring-boot.md). One cluster and one namespace:
 *
 * <pre>
 * windlass:
 *   etcd.endpoints: http://127.0.0.1:2379
 *   namespace: orders
 * </pre>
 *
 * Several clusters or namespaces: {@code windlass.clusters[i]} (the options of {@code windlass.etcd} plus
 * {@code namespaces[j].name} and {@code namespaces[j].node-id}); then {@code windlass.etcd.endpoints} must be empty.
 */
@ConfigurationProperties("windlass")
public class WindlassProperties {
    /** Whether Windlass is configured at all (false: no connection, client, worker or health). */
    private boolean enabled = true;
    /** The etcd cluster when windlass.clusters is empty. */
    @NestedConfigurationProperty
    private EtcdProperties etcd = new EtcdProperties();
    /** The namespace (key prefix) served on windlass.etcd. */
    private String namespace = "windlass";
    /** Several clusters, each with its namespaces (instead of windlass.etcd and windlass.namespace). */
    private List<ClusterProperties> clusters = new ArrayList<>();
    /** This node's id; default: the host name (HOSTNAME, else the resolved local name) plus node-id-suffix. */
    private String nodeId;
    /** Appended to the default node id as "-suffix": something stable across restarts of the same pod. */
    private String nodeIdSuffix;
    /** The node lease's requested TTL: a crashed node's tasks move after about this long. */
    private Duration leaseTtl = Duration.ofSeconds(10);
    /** Bound on every etcd call. */
    private Duration requestTimeout = Duration.ofSeconds(5);
    /** Task type per handler bean name, for TaskHandler beans without @TaskType. */
    private Map<String, String> handlerTypes = new LinkedHashMap<>();
    @NestedConfigurationProperty
    private WorkerProperties worker = new WorkerProperties();
    @NestedConfigurationProperty
    private HttpProperties http = new HttpProperties();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public EtcdProperties getEtcd() {
        return etcd;
    }

    public void setEtcd(EtcdProperties etcd) {
        this.etcd = etcd;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public List<ClusterProperties> getClusters() {
        return clusters;
    }

    public void setClusters(List<ClusterProperties> clusters) {
        this.clusters = clusters;
    }

    public String getNodeId() {
        return nodeId;
    }

    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    public String getNodeIdSuffix() {
        return nodeIdSuffix;
    }

    public void setNodeIdSuffix(String nodeIdSuffix) {
        this.nodeIdSuffix = nodeIdSuffix;
    }

    public Duration getLeaseTtl() {
        return leaseTtl;
    }

    public void setLeaseTtl(Duration leaseTtl) {
        this.leaseTtl = leaseTtl;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public Map<String, String> getHandlerTypes() {
        return handlerTypes;
    }

    public void setHandlerTypes(Map<String, String> handlerTypes) {
        this.handlerTypes = handlerTypes;
    }

    public WorkerProperties getWorker() {
        return worker;
    }

    public void setWorker(WorkerProperties worker) {
        this.worker = worker;
    }

    public HttpProperties getHttp() {
        return http;
    }

    public void setHttp(HttpProperties http) {
        this.http = http;
    }
}
