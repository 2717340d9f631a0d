package io.windlass.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.windlass.consumer.ConsumerListener;
import io.windlass.consumer.balance.Balancer;
import io.windlass.consumer.client.TaskClient;
import io.windlass.etcd.EtcdTaskClient;
import io.windlass.statemachine.ErrorPolicy;
import io.windlass.statemachine.handler.HandlerRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Windlass in a Spring Boot application (docs/spring-boot.md), on unless {@code windlass.enabled=false}:
 * <ul>
 *   <li>{@link WindlassConnections}: the etcd connections of {@code windlass.etcd} / {@code windlass.clusters} and a
 *       task client per namespace; the {@link TaskClient} bean ({@link EtcdTaskClient}) is the first namespace's;</li>
 *   <li>unless {@code windlass.worker.enabled=false}: a {@link HandlerRegistry} of the application's
 *       {@code TaskHandler} beans ({@link TaskType}) and the {@link WindlassWorker} lifecycle running a consumer per
 *       namespace; a {@link Balancer}, {@link ErrorPolicy} or {@link ConsumerListener} bean is used when present, the
 *       meters go to the application's {@link MeterRegistry} when there is one;</li>
 *   <li>with {@code windlass.http.enabled=true}: the Windlass HTTP API on a port of its own ({@link WindlassHttpApi}).</li>
 * </ul>
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "windlass", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(WindlassProperties.class)
public class WindlassAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    WindlassConnections windlassConnections(WindlassProperties properties) {
        return new WindlassConnections(properties);
    }

    /** The first namespace's client; closed with the connections (not by Spring on its own). */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(TaskClient.class)
    EtcdTaskClient windlassTaskClient(WindlassConnections connections) {
        return connections.primary();
    }

    @Bean
    @ConditionalOnProperty(prefix = "windlass.http", name = "enabled", havingValue = "true")
    WindlassHttpApi windlassHttpApi(WindlassConnections connections, ObjectProvider<WindlassWorker> worker,
                                    WindlassProperties properties) {
        return new WindlassHttpApi(connections, worker, properties.getHttp());
    }

    /** The consumers: on unless {@code windlass.worker.enabled=false}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "windlass.worker", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class Worker {

        @Bean
        @ConditionalOnMissingBean
        HandlerRegistry windlassHandlerRegistry(ListableBeanFactory beans, WindlassProperties properties) {
            return TaskHandlerBeans.registry(beans, properties.getHandlerTypes());
        }

        @Bean
        WindlassWorker windlassWorker(WindlassConnections connections, HandlerRegistry handlers,
                                      WindlassProperties properties, ObjectProvider<MeterRegistry> meters,
                                      ObjectProvider<Balancer> balancer, ObjectProvider<ErrorPolicy> errorPolicy,
                                      ObjectProvider<ConsumerListener> listeners) {
            return new WindlassWorker(connections, handlers, properties, meters, balancer, errorPolicy, listeners);
        }
    }
}
