/** The client API: submit, command, inspect tasks and nodes of a namespace. */
package io.windlass.consumer.client;
