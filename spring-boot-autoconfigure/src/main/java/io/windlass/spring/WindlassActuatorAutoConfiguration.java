package io.windlass.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator, when the application has it: the {@code windlass} health indicator ({@link WindlassHealth}) and the
 * {@code windlass} info contributor (node ids, namespaces, owned task counts).
 */
@AutoConfiguration(after = WindlassAutoConfiguration.class)
@ConditionalOnBean(WindlassConnections.class)
public class WindlassActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "windlassHealthIndicator")
        HealthIndicator windlassHealthIndicator(WindlassConnections connections,
                                                ObjectProvider<WindlassWorker> worker) {
            return new WindlassHealth(connections, worker.getIfAvailable());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.info.InfoContributor")
    static class Info {
        @Bean
        @ConditionalOnMissingBean(name = "windlassInfoContributor")
        InfoContributor windlassInfoContributor(WindlassConnections connections,
                                                ObjectProvider<WindlassWorker> worker) {
            return builder -> {
                WindlassWorker w = worker.getIfAvailable();
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("mode", w == null ? "client" : "worker");
                info.put("namespaces", connections.namespaces());
                List<Map<String, Object>> nodes = new ArrayList<>();
                if (w != null) {
                    for (WindlassWorker.Node n : w.nodes()) {
                        Map<String, Object> node = new LinkedHashMap<>();
                        node.put("namespace", n.label());
                        node.put("nodeId", n.nodeId());
                        node.put("ownedTasks", n.consumer().ownedTasks().size());
                        nodes.add(node);
                    }
                    info.put("nodes", nodes);
                }
                builder.withDetail("windlass", info);
            };
        }
    }
}
