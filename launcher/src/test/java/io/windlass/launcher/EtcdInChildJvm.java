package io.windlass.launcher;

/**
 * Test helper run in a separate JVM by {@link EtcdLifecycleIT}: starts one etcd member, prints
 * {@code ETCD <etcd pid> <data dir>} and blocks on stdin until it is SIGKILLed.
 */
public final class EtcdInChildJvm {
    private EtcdInChildJvm() {}

    public static void main(String[] args) throws Exception {
        EtcdLauncher etcd = EtcdLauncher.configure().build().start();
        System.out.println("ETCD " + etcd.member(0).pid() + " " + etcd.member(0).dataDir());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait to be killed
        }
        etcd.close();
    }
}
