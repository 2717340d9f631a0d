package io.windlass.spring;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a Windlass start-up failure into Spring Boot's "APPLICATION FAILED TO START" report: the problem (which
 * names the property for configuration mistakes) and what to do.
 */
final class WindlassFailureAnalyzer extends AbstractFailureAnalyzer<WindlassException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WindlassException cause) {
        String message = NamespaceTargets.problem(cause);
        String action;
        if (cause.code() == ErrorCode.INVALID_ARGUMENT && message.startsWith("windlass")) {
            action = "Fix " + message.substring(0, message.indexOf(':') < 0 ? message.length() : message.indexOf(':'))
                    + " in the application's configuration (the windlass.* properties: docs/spring-boot.md).";
        } else {
            action = "Check that etcd is reachable at windlass.etcd.endpoints (or windlass.clusters) and that the etcd "
                    + "user may use the namespace; the error code is " + cause.code() + ".";
        }
        return new FailureAnalysis("Windlass could not start: " + message, action, cause);
    }
}
