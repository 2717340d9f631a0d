/** The windlass command line. */
package io.windlass.examples.cli;
