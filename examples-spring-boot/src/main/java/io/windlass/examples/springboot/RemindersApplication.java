package io.windlass.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot service that runs Windlass tasks: {@link ReminderHandler} is a bean, {@code application.yml} says where
 * etcd is, {@link Reminders} submits through the {@code TaskClient} bean. Run it next to an etcd
 * ({@code WINDLASS_ETCD_ENDPOINTS=http://127.0.0.1:2379}).
 */
@SpringBootApplication
public class RemindersApplication {
    public static void main(String[] args) {
        SpringApplication.run(RemindersApplication.class, args);
    }
}
