/** CLI helpers: etcd endpoint parsing and the JSON output nodes. */
package io.windlass.cli.support;
