package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The paged re-list on real etcd: pages partition every id (also ids whose command keys do not sort like the ids, and
 * a state without a task record), come in order, all at the first page's revision, and writes made while paging are
 * not seen.
 */
class PagedRelistIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();
    private static Client client;
    private static ExecutorService events;

    @BeforeAll
    static void connect() {
        client = EtcdTesting.warm(EtcdClients.connect(ETCD.endpoints().toArray(String[]::new)));
        events = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void disconnect() {
        events.shutdownNow();
        client.close();
    }

    @Test
    void pagesCoverEveryIdOnceInOrderAtOneRevision() throws Exception {
        String ns = EtcdTesting.freshNamespace("pr");
        Keys keys = new Keys(ns);
        EtcdTesting t = new EtcdTesting(client);
        // ids whose command keys sort unlike the ids: "a" < "a-1" < "a.1" as ids, but "commands/a/" > "commands/a-1/"
        List<String> ids = new ArrayList<>(List.of("a", "a-1", "a.1", "a1", "b"));
        for (int i = 0; i < 20; i++) {
            ids.add(String.format("t%02d", i));
        }
        for (String id : ids) {
            t.put(keys.task(id), ("{\"id\":\"" + id + "\"}").getBytes());
            t.put(keys.state(id), "{}".getBytes());
            t.put(keys.command(id, "c1"), "{}".getBytes());
        }
        t.put(keys.claim("a-1"), "{}".getBytes());
        t.put(keys.done("t05"), "{}".getBytes());
        t.put(keys.state("zz-orphan"), "{}".getBytes()); // a state without a task record, after the last task

        List<PagedRelist.Page> pages = new ArrayList<>();
        java.util.concurrent.CountDownLatch last = new java.util.concurrent.CountDownLatch(1);
        PagedRelist relist = new PagedRelist(client.getKVClient(), keys, new EtcdCalls(Duration.ofSeconds(10), "test"),
                "n1", events, 4, page -> {
                    pages.add(page);
                    if (page.last() == null) {
                        last.countDown();
                    }
                    if (page.first()) { // written after the first page: no later page may see it
                        t.put(keys.task("t03x"), "{}".getBytes());
                    }
                }, e -> {
                    throw new AssertionError("a page failed", e);
                });
        long revision = relist.start().get(10, TimeUnit.SECONDS);
        assertThat(last.await(10, TimeUnit.SECONDS)).as("the last page arrived").isTrue();

        TreeSet<String> seen = new TreeSet<>();
        String previousLast = null;
        for (PagedRelist.Page p : pages) {
            assertThat(p.snapshot().revision()).isEqualTo(revision);
            assertThat(p.after()).isEqualTo(previousLast);
            for (String id : p.snapshot().ids()) {
                assertThat(p.covers(id)).as("%s in (%s, %s]", id, p.after(), p.last()).isTrue();
                assertThat(seen.add(id)).as("%s seen once", id).isTrue();
                assertThat(p.snapshot().commandsOf(id).stream().map(KeyValue::getCreateRevision))
                        .as("commands of %s", id).hasSizeLessThanOrEqualTo(1);
            }
            previousLast = p.last();
        }
        TreeSet<String> expected = new TreeSet<>(ids);
        expected.add("zz-orphan");
        assertThat(seen).isEqualTo(expected);
        assertThat(pages).hasSizeGreaterThanOrEqualTo(6);
        assertThat(pages.get(0).first()).isTrue();
        PagedRelist.Page withA1 = pages.stream().filter(p -> p.covers("a-1")).findFirst().orElseThrow();
        assertThat(withA1.snapshot().claimed("a-1")).isTrue();
        assertThat(pages.stream().filter(p -> p.covers("t05")).findFirst().orElseThrow().snapshot().finished("t05"))
                .isTrue();
        for (String id : ids) {
            assertThat(pages.get(pages.size() - 1).snapshot().commandsOf(id)).as("commands of %s (shared)", id)
                    .hasSize(1);
        }
    }

    /**
     * Keys that are not valid UTF-8 (a foreign client) at page boundaries: the cursor is the boundary key decoded with
     * replacement characters, so the next page may start a little before or after the raw key — but only among
     * non-ASCII tails, where no valid id lies (ids are ASCII): every valid id is seen exactly once, the invalid keys
     * are ignored (never decoded lossily into an id), and the walk ends.
     */
    @Test
    void invalidUtf8KeysAtPageBoundariesLoseNoValidIdAndEndTheWalk() throws Exception {
        String ns = EtcdTesting.freshNamespace("pr8");
        Keys keys = new Keys(ns);
        EtcdTesting t = new EtcdTesting(client);
        List<String> ids = List.of("a", "a0", "b", "c0", "c1");
        for (String id : ids) {
            t.put(keys.task(id), ("{\"id\":\"" + id + "\"}").getBytes());
            t.put(keys.state(id), "{}".getBytes());
        }
        for (byte[] tail : List.of(new byte[] {'a', (byte) 0xC0}, new byte[] {'a', (byte) 0xFF},
                new byte[] {'b', (byte) 0x80}, new byte[] {'b', (byte) 0xFF, 'x'})) {
            for (String kind : List.of(Keys.TASKS, Keys.STATE)) {
                byte[] prefix = keys.prefix(kind).getBytes();
                byte[] key = java.util.Arrays.copyOf(prefix, prefix.length + tail.length);
                System.arraycopy(tail, 0, key, prefix.length, tail.length);
                t.put(io.etcd.jetcd.ByteSequence.from(key), "{}".getBytes());
            }
        }
        List<PagedRelist.Page> pages = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch last = new java.util.concurrent.CountDownLatch(1);
        PagedRelist relist = new PagedRelist(client.getKVClient(), keys, new EtcdCalls(Duration.ofSeconds(10), "test"),
                "n1", events, 2, page -> {
                    pages.add(page);
                    if (page.last() == null) {
                        last.countDown();
                    }
                }, e -> {
                    throw new AssertionError("a page failed", e);
                });
        relist.start().get(10, TimeUnit.SECONDS);
        assertThat(last.await(10, TimeUnit.SECONDS)).as("the walk ended").isTrue();
        List<String> seen = new ArrayList<>();
        pages.forEach(p -> seen.addAll(p.snapshot().ids()));
        assertThat(seen).as("every valid id once, in order, nothing else").containsExactlyElementsOf(ids);
    }
}
