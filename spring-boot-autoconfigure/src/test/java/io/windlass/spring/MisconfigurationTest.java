package io.windlass.spring;

import io.windlass.testing.handlers.StepsHandler;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.statemachine.WindlassException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Start-up fails with a message naming the property to fix, before anything connects; and the properties bind the
 * several-clusters list. No etcd is needed: nothing here reaches the lifecycle start.
 */
class MisconfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WindlassAutoConfiguration.class))
            .withUserConfiguration(StepsConfig.class);

    @Configuration(proxyBeanMethods = false)
    static class StepsConfig {
        @Bean
        @TaskType("steps")
        StepsHandler stepsHandler() {
            return new StepsHandler();
        }
    }

    private static String failure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable t = context.getStartupFailure();
        while (t != null && !(t instanceof WindlassException)) {
            t = t.getCause();
        }
        assertThat(t).as("a WindlassException in the chain of " + context.getStartupFailure()).isNotNull();
        return NamespaceTargets.problem((WindlassException) t);
    }

    @Test
    void noEndpointsNamesTheProperty() {
        runner.run(c -> assertThat(failure(c)).startsWith("windlass.etcd.endpoints: no etcd endpoint given"));
    }

    @Test
    void aBadEndpointNamesTheProperty() {
        runner.withPropertyValues("windlass.etcd.endpoints=localhost:2379").run(c -> assertThat(failure(c))
                .startsWith("windlass.etcd.endpoints: invalid etcd endpoint 'localhost:2379'"));
    }

    @Test
    void httpsWithoutTrustNamesTheCaProperty() {
        runner.withPropertyValues("windlass.etcd.endpoints=https://127.0.0.1:2379").run(c -> assertThat(failure(c))
                .startsWith("windlass.etcd.cacert: https endpoints need the CA file"));
        runner.withPropertyValues("windlass.clusters[0].endpoints=https://10.0.0.1:2379",
                "windlass.clusters[0].namespaces[0].name=a").run(c -> assertThat(failure(c))
                .startsWith("windlass.clusters[0].cacert:"));
    }

    @Test
    void anUnreadableCaFileNamesTheCluster() {
        runner.withPropertyValues("windlass.etcd.endpoints=https://127.0.0.1:2379",
                "windlass.etcd.cacert=/nonexistent/ca.pem").run(c -> assertThat(failure(c))
                .startsWith("windlass.etcd: ").contains("/nonexistent/ca.pem"));
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoStepsHandlers {
        @Bean
        @TaskType("steps")
        StepsHandler otherSteps() {
            return new StepsHandler();
        }
    }

    @Test
    void aDuplicateTypeNameNamesBothBeans() {
        runner.withUserConfiguration(TwoStepsHandlers.class).withPropertyValues(
                "windlass.etcd.endpoints=http://127.0.0.1:1").run(c -> assertThat(failure(c))
                .contains("task type 'steps' is claimed by the TaskHandler beans")
                .contains("'stepsHandler'").contains("'otherSteps'").startsWith("windlass.handler-types"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Untyped {
        @Bean
        StepsHandler untyped() {
            return new StepsHandler();
        }
    }

    @Test
    void aHandlerWithoutTypeOrWithABadNameFailsNamingTheBean() {
        runner.withUserConfiguration(Untyped.class).withPropertyValues("windlass.etcd.endpoints=http://127.0.0.1:1")
                .run(c -> assertThat(failure(c)).startsWith("windlass.handler-types.untyped: TaskHandler bean "
                        + "'untyped'").contains("@TaskType"));
        runner.withUserConfiguration(Untyped.class).withPropertyValues("windlass.etcd.endpoints=http://127.0.0.1:1",
                "windlass.handler-types.untyped=Bad Name").run(c -> assertThat(failure(c))
                .startsWith("windlass.handler-types.untyped:").contains("'Bad Name' must match"));
        runner.withPropertyValues("windlass.etcd.endpoints=http://127.0.0.1:1",
                "windlass.handler-types.nothere=x").run(c -> assertThat(failure(c))
                .startsWith("windlass.handler-types.nothere: there is no TaskHandler bean named 'nothere'"));
    }

    @Configuration(proxyBeanMethods = false)
    static class ClassAnnotated {
        @Bean
        Tagged tagged() {
            return new Tagged();
        }
    }

    @TaskType("tagged")
    static class Tagged extends StepsHandler {
    }

    @Test
    void typesComeFromTheMethodTheClassOrTheProperty() {
        runner.withUserConfiguration(Untyped.class, ClassAnnotated.class).withPropertyValues(
                "windlass.worker.enabled=false", "windlass.etcd.endpoints=http://127.0.0.1:1",
                "windlass.handler-types.untyped=by-property").run(c -> {
                    assertThat(c).hasNotFailed();
                    assertThat(TaskHandlerBeans.byType(c)).containsOnlyKeys("steps", "by-property", "tagged")
                            .hasEntrySatisfying("by-property", h -> assertThat(h).isSameAs(c.getBean("untyped")))
                            .hasEntrySatisfying("tagged", h -> assertThat(h).isInstanceOf(Tagged.class));
                });
    }

    @Test
    void aBadNamespaceOrNodeIdNamesTheProperty() {
        runner.withPropertyValues("windlass.etcd.endpoints=http://127.0.0.1:1", "windlass.namespace=a/b")
                .run(c -> assertThat(failure(c)).startsWith("windlass.namespace: invalid namespace 'a/b'"));
        runner.withPropertyValues("windlass.etcd.endpoints=http://127.0.0.1:1", "windlass.node-id=-x")
                .run(c -> assertThat(failure(c)).startsWith("windlass.node-id: invalid node id '-x'"));
        runner.withPropertyValues("windlass.etcd.endpoints=http://127.0.0.1:1",
                "windlass.clusters[0].endpoints=http://127.0.0.1:2", "windlass.clusters[0].namespaces[0].name=a")
                .run(c -> assertThat(failure(c)).startsWith("windlass.etcd.endpoints: set either"));
    }

    @Test
    void severalClustersAndNamespacesBindAsAList() {
        runner.withPropertyValues("windlass.worker.enabled=false", "windlass.node-id=pod-7",
                "windlass.clusters[0].endpoints=http://127.0.0.1:2379,http://127.0.0.2:2379",
                "windlass.clusters[0].namespaces[0].name=prod",
                "windlass.clusters[0].namespaces[1].name=batch",
                "windlass.clusters[0].namespaces[1].node-id=pod-7-batch",
                "windlass.clusters[1].endpoints=http://127.0.0.3:2379",
                "windlass.clusters[1].namespaces[0].name=lab").run(c -> {
                    assertThat(c).hasNotFailed();
                    WindlassConnections connections = c.getBean(WindlassConnections.class);
                    assertThat(connections.namespaces()).containsExactly("prod@http://127.0.0.1:2379",
                            "batch@http://127.0.0.1:2379", "lab@http://127.0.0.3:2379");
                    assertThat(connections.targets()).extracting(NamespaceTargets.Target::nodeId)
                            .containsExactly("pod-7", "pod-7-batch", "pod-7");
                    assertThat(c.getBean(io.windlass.consumer.client.TaskClient.class))
                            .isSameAs(connections.client("prod"));
                    assertThat(c).doesNotHaveBean(WindlassWorker.class);
                });
    }

    @Test
    void theDefaultNodeIdIsTheHostNamePlusTheSuffix() {
        runner.withPropertyValues("windlass.worker.enabled=false", "windlass.etcd.endpoints=http://127.0.0.1:1",
                "windlass.node-id-suffix=ordinal-3").run(c -> assertThat(c.getBean(WindlassConnections.class)
                .targets().get(0).nodeId()).endsWith("-ordinal-3").matches("[A-Za-z0-9][A-Za-z0-9._:-]*"));
    }

    @Test
    void theFailureAnalyzerNamesThePropertyToFix() {
        FailureAnalysis a = new WindlassFailureAnalyzer().analyze(new IllegalStateException("wrapped",
                NamespaceTargets.invalid("windlass.etcd.cacert", "https endpoints need the CA file")));
        assertThat(a.getDescription()).contains("windlass.etcd.cacert: https endpoints need the CA file");
        assertThat(a.getAction()).startsWith("Fix windlass.etcd.cacert");
    }

    @Test
    void windlassEnabledFalseConfiguresNothing() {
        runner.withPropertyValues("windlass.enabled=false").run(c -> {
            assertThat(c).hasNotFailed();
            assertThat(c).doesNotHaveBean(WindlassConnections.class);
        });
    }
}
