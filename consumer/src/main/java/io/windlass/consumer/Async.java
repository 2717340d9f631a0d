package io.windlass.consumer;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;

/** Small helpers for calling the coordinator's asynchronous API safely. */
final class Async {
    private Async() {
    }

    /** The future {@code call} returns, or a failed future when it throws instead (or returns null). */
    static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> call) {
        try {
            CompletableFuture<T> f = call.get();
            return f != null ? f : CompletableFuture.failedFuture(new NullPointerException("null future"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Calls {@code call} and only logs (WARN, naming {@code what}) if it fails. */
    static void quietly(Logger log, String what, Supplier<CompletableFuture<?>> call) {
        call(call::get).whenComplete((v, ex) -> {
            if (ex != null) {
                log.warn("{} failed: {}", what, ex.toString());
            }
        });
    }
}
