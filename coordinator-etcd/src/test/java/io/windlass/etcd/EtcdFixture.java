package io.windlass.etcd;

import io.etcd.jetcd.Client;
import io.windlass.testing.etcd.EtcdExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The set-up shared by the etcd integration tests that run on one etcd per test class and a fresh namespace per test
 * ({@code class FooIT extends EtcdFixture { FooIT() { super("foo"); } }}): a single-member etcd started before the
 * class's first test and stopped after its last, one warmed jetcd client {@link #jetcd} for the class, and per test
 * an {@link EtcdTesting} {@link #t}, a fresh namespace {@link #ns} (named after the prefix), its {@link #keys} and a
 * task client {@link #client} on it. Everything the test opened through {@link #t} is closed after the test — after
 * the subclass's own {@code @AfterEach} methods; the subclass's {@code @BeforeEach} methods run after this set-up.
 *
 * <p>The static etcd and client serve one subclass at a time: this module's test classes run one after another (no
 * JUnit parallel execution).
 */
abstract class EtcdFixture {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();
    static Client jetcd;

    private final String namespacePrefix;
    EtcdTesting t;
    String ns;
    Keys keys;
    EtcdTaskClient client;

    EtcdFixture(String namespacePrefix) {
        this.namespacePrefix = namespacePrefix;
    }

    @BeforeAll
    static void connect() {
        jetcd = EtcdTesting.warm(EtcdClients.connect(ETCD.endpoints().toArray(String[]::new)));
    }

    @AfterAll
    static void disconnect() {
        jetcd.close();
    }

    @BeforeEach
    void openNamespace() {
        t = new EtcdTesting(jetcd);
        ns = EtcdTesting.freshNamespace(namespacePrefix);
        keys = new Keys(ns);
        client = t.client(ns);
    }

    @AfterEach
    void closeNamespace() {
        t.close();
    }
}
