package io.windlass.spring;

import io.windlass.testing.handlers.StepsHandler;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The test application: one handler bean, typed on its {@code @Bean} method. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApp {
    @Bean
    @TaskType("steps")
    StepsHandler stepsHandler() {
        return new StepsHandler();
    }
}
