package io.windlass.testing.etcd;

import io.windlass.launcher.EtcdConfig;
import io.windlass.launcher.EtcdLauncher;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 face of {@link EtcdLauncher}: REAL etcd server processes for a test class or a test.
 *
 * <pre>{@code
 * @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.builder().build();          // one per class
 * @RegisterExtension final EtcdExtension etcd = EtcdExtension.builder().members(3).build();      // one per test
 * }</pre>
 *
 * <p>Registered on a static field it starts before all tests of the class and stops after them; on an instance field
 * it starts before each test and stops after it (also when the test failed). Start fails — never skips — if etcd is
 * missing or does not come up. Everything else (endpoints, member faults, compaction, alarms) is the launcher's.
 */
public final class EtcdExtension extends EtcdLauncher implements BeforeAllCallback, AfterAllCallback,
        BeforeEachCallback, AfterEachCallback {
    /** Unique id of the JUnit container or test that started the cluster; it alone stops it. */
    private String startedBy;

    private EtcdExtension(EtcdConfig config) {
        super(config);
    }

    public static EtcdLauncher.Builder<EtcdExtension> builder() {
        return new EtcdLauncher.Builder<>(EtcdExtension::new);
    }

    @Override public void beforeAll(ExtensionContext context) {
        startFor(context);
    }

    @Override public void afterAll(ExtensionContext context) {
        stopFor(context);
    }

    @Override public void beforeEach(ExtensionContext context) {
        startFor(context);
    }

    @Override public void afterEach(ExtensionContext context) {
        stopFor(context);
    }

    /** Starts unless already running (class scope, or an outer class of a {@code @Nested} one, owns it then). */
    private synchronized void startFor(ExtensionContext context) {
        if (!isStarted()) {
            start();
            startedBy = context.getUniqueId();
        }
    }

    private synchronized void stopFor(ExtensionContext context) {
        if (context.getUniqueId().equals(startedBy)) {
            startedBy = null;
            close();
        }
    }
}
