package io.windlass.etcd;

import io.etcd.jetcd.Client;
import io.windlass.testing.etcd.EtcdExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One etcd and one warmed jetcd client for a test class, registered on a static field:
 * {@code @RegisterExtension static final EtcdWithClient ETCD = new EtcdWithClient(EtcdExtension.builder().build());}.
 * Before the class's first test it starts the given {@link EtcdExtension} and connects {@link #client()} to every
 * member ({@link EtcdTesting#warm warmed}, so tests can use short request timeouts); after the class's last test it
 * closes the client, then stops etcd (also when a test failed). Called by JUnit; the client is thread-safe.
 */
final class EtcdWithClient implements BeforeAllCallback, AfterAllCallback {
    private final EtcdExtension etcd;
    private volatile Client client;

    EtcdWithClient(EtcdExtension etcd) {
        this.etcd = etcd;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        etcd.beforeAll(context);
        client = EtcdTesting.warm(EtcdClients.connect(etcd.endpoints().toArray(String[]::new)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            client = null;
            etcd.afterAll(context);
        }
    }

    /** The etcd, with its fault controls (alarms, compaction, members). */
    EtcdExtension etcd() {
        return etcd;
    }

    /** The class's client; between the class's first and last test only. */
    Client client() {
        return client;
    }
}
