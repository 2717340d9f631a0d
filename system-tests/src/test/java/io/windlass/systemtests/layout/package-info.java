/**
 * Checks of the project's shape that fail the build when broken: which modules may import jetcd, what the
 * distribution's {@code lib/} may hold, how long a main source file may be, and that the unpacked distribution runs.
 */
package io.windlass.systemtests.layout;
