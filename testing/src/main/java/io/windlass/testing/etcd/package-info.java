/**
 * Real etcd for JUnit tests: {@link io.windlass.testing.etcd.EtcdExtension} registers the launcher's genuine
 * {@code etcd} server processes (module {@code io.windlass.launcher}: no Docker, no mocks) for a test class or a test.
 * The launcher itself ({@link io.windlass.launcher.EtcdLauncher}, {@link io.windlass.launcher.FaultProxy}) is usable
 * without JUnit.
 */
package io.windlass.testing.etcd;
