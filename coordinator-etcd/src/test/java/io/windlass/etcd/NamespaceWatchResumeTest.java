package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.KeyValue;
import io.etcd.jetcd.api.ResponseHeader;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 6: the watch's resume point advances only with revisions of events received. On etcd 3.4 a progress
 * notification's revision can run ahead of events the stream has not delivered yet (etcd#15220); resuming from it
 * would skip them.
 */
class NamespaceWatchResumeTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** A Watch that hands the test the listener of the latest watch. */
    private static final class FakeWatch implements Watch {
        Watch.Listener listener;

        @Override
        public Watcher watch(ByteSequence key, WatchOption option, Listener l) {
            listener = l;
            return new Watcher() {
                @Override
                public void close() {
                }

                @Override
                public boolean isClosed() {
                    return false;
                }

                @Override
                public void requestProgress() {
                }
            };
        }

        @Override
        public void requestProgress() {
        }

        @Override
        public void close() {
        }
    }

    private static WatchResponse progress(long headerRevision) {
        return new WatchResponse(io.etcd.jetcd.api.WatchResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setRevision(headerRevision)).build());
    }

    private static WatchResponse put(long headerRevision, long modRevision) {
        KeyValue kv = KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("/ns/tasks/t" + modRevision))
                .setValue(ByteString.copyFromUtf8("{}")).setModRevision(modRevision).setCreateRevision(modRevision)
                .build();
        return new WatchResponse(io.etcd.jetcd.api.WatchResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setRevision(headerRevision))
                .addEvents(Event.newBuilder().setType(Event.EventType.PUT).setKv(kv)).build());
    }

    @Test
    void progressNotificationsDoNotMoveTheResumePointOnlyEventsDo() {
        FakeWatch fake = new FakeWatch();
        NamespaceWatch w = new NamespaceWatch(fake, ByteSequence.from("/ns/".getBytes()),
                ByteSequence.from("/ns0".getBytes()), "test", Runnable::run, scheduler, Duration.ofSeconds(30),
                new NamespaceWatch.Handler() {
                    @Override
                    public void events(List<WatchEvent> events) {
                    }

                    @Override
                    public void resyncNeeded(String why) {
                    }
                });
        w.start(11);
        assertThat(w.lastRevision()).isEqualTo(10);

        fake.listener.onNext(progress(50));
        assertThat(w.progressAnswers()).isEqualTo(1);
        assertThat(w.lastRevision()).as("a progress revision is no resume point").isEqualTo(10);

        fake.listener.onNext(put(50, 12));
        assertThat(w.lastRevision()).as("the last event received").isEqualTo(12);
        fake.listener.onNext(progress(60));
        assertThat(w.lastRevision()).isEqualTo(12);
        w.stop();
    }
}
