package io.windlass.cli.worker;

import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP re-reads the etcd TLS files ({@code kill -HUP <pid>} after rotating certificates), like many daemons. Uses
 * {@code sun.misc.Signal} (module jdk.unsupported, present in every OpenJDK 17 runtime): Java has no supported signal
 * API. Installing the handler replaces the JVM's own SIGHUP handling, which would otherwise run the shutdown hooks and
 * exit — so a worker no longer stops on SIGHUP (stop it with SIGTERM or SIGINT). Where the handler cannot be installed
 * (a JVM run with {@code -Xrs}, a runtime without the class) the worker logs it and relies on the periodic check of
 * the files ({@code --tls-reload-interval}).
 */
final class Sighup {
    private static final Logger LOG = LoggerFactory.getLogger(Sighup.class);

    private Sighup() {
    }

    /** Runs {@code reload} on each SIGHUP (on the JVM's signal thread); false if the handler cannot be installed. */
    static boolean onSighup(BooleanSupplier reload) {
        try {
            Signal.handle(new Signal("HUP"), signal -> {
                try {
                    boolean changed = reload.getAsBoolean();
                    LOG.info("SIGHUP: etcd TLS files re-read ({})", changed ? "new files in use for new connections"
                            : "unchanged or not usable yet");
                } catch (RuntimeException e) {
                    LOG.warn("SIGHUP: re-reading the etcd TLS files failed", e);
                }
            });
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            LOG.warn("cannot handle SIGHUP here ({}): TLS files are re-read by the periodic check only", e.toString());
            return false;
        }
    }
}
