/** Small helpers shared by the example handlers, the CLI, the worker and the demo (duration parsing, JSON). */
package io.windlass.examples.support;
