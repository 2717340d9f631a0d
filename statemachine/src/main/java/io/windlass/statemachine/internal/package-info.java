/** Implementation: the squirrel-foundation table, policies and registry. Not exported. */
package io.windlass.statemachine.internal;
