package io.windlass.etcd;

import io.windlass.testing.etcd.EtcdExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The set-up shared by the etcd integration tests that run on one etcd per test class and a fresh namespace per test
 ({@code class FooIT extends EtcdFixture { FooIT() { super("foo"); } }}): for the class, a single-member etcd
 * and one warmed jetcd client on it ({@link #ETCD}: {@code ETCD.client()}); per test an {@link EtcdTesting}
 * {@link #t}, a fresh namespace {@link #ns} (named after the prefix), its {@link #keys} and a task client
 * {@link #client} on it. Everything the test opened through {@link #t} is closed after the test — after
 * the subclass's own {@code @AfterEach} methods; the subclass's {@code @BeforeEach} methods run after this set-up.
 *
 * <p>The static etcd and client serve one subclass at a time: this module's test classes run one after another (no
 * JUnit parallel execution).
 */
abstract class EtcdFixture {
    @RegisterExtension
    static final EtcdWithClient ETCD = new EtcdWithClient(EtcdExtension.builder().build());

    private final String namespacePrefix;
    EtcdTesting t;
    String ns;
    Keys keys;
    EtcdTaskClient client;

    EtcdFixture(String namespacePrefix) {
        this.namespacePrefix = namespacePrefix;
    }

    @BeforeEach
    void openNamespace() {
        t = new EtcdTesting(ETCD.client());
        ns = EtcdTesting.freshNamespace(namespacePrefix);
        keys = new Keys(ns);
        client = t.client(ns);
    }

    @AfterEach
    void closeNamespace() {
        t.close();
    }
}
