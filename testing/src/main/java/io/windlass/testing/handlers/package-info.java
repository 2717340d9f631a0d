/**
 * Small handlers for tests of the modules above the engine (HTTP API, dashboard, Spring Boot starter): real
 * {@code TaskHandler}s with known, countable behaviour, shared so each module does not keep its own copy.
 */
package io.windlass.testing.handlers;
