package io.windlass.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts {@link TestApp} (or other sources) with properties, as several applications in one test. */
final class Apps {
    private Apps() {
    }

    static ConfigurableApplicationContext start(String etcd, String... properties) {
        return start(WebApplicationType.NONE, new Class<?>[] {TestApp.class}, etcd, properties);
    }

    static ConfigurableApplicationContext start(WebApplicationType web, Class<?>[] sources, String etcd,
                                                String... properties) {
        List<String> all = new ArrayList<>(List.of(properties));
        if (etcd != null) {
            all.add("windlass.etcd.endpoints=" + etcd);
        }
        all.add("spring.main.banner-mode=off");
        all.add("server.port=0");
        return new SpringApplicationBuilder(sources).web(web).properties(all.toArray(String[]::new)).run();
    }
}
