/** Test support: in-memory coordinator, virtual clock, harness. */
package io.windlass.testing;
