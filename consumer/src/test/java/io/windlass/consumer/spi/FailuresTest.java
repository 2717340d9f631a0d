package io.windlass.consumer.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void unwrapStripsEveryFutureWrapperAndNothingElse() {
        IllegalStateException root = new IllegalStateException("x");
        assertThat(Failures.unwrap(new CompletionException(new ExecutionException(root)))).isSameAs(root);
        RuntimeException other = new RuntimeException(root);
        assertThat(Failures.unwrap(other)).isSameAs(other);
        CompletionException bare = new CompletionException("no cause", null);
        assertThat(Failures.unwrap(bare)).isSameAs(bare);
        assertThat(Failures.unwrap(null)).isNull();
    }
}
