package io.windlass.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.launcher.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The load of scenario 8 (ordered commands under churn), shared by {@link CommandsFaultIT} and
 * {@link SecureCommandsFaultIT}: senders send commands while a churn thread SIGKILLs the node owning the most tasks
 * (so every kill moves commanded tasks to other nodes) and starts it again
 * at once under the same id with {@code --wait-for-node-id} (a restart after a crash: it comes up when the dead
 * process's lease ends), then waits until it registered again. Each sender has its own 5 tasks and its own
 * {@link CommandScript}, so each task's commands come from one thread, in order.
 *
 * <p>Paced on events, not on time: the work runs in rounds; in a round every sender sends its share of commands and
 * the churn thread does one kill and restart; the next round begins when all of them are done with this one (a
 * {@link Phaser}). So the commands are spread over every kill whatever the machine's speed. A failed send or restart
 * ends the run (reported in {@link Result#failures}); {@link #run} waits for every thread.
 */
final class CommandChurn {
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(60);

    /** What ran: every sender's script (to check against the ledger), the kills, and failed sends or restarts. */
    record Result(List<CommandScript> scripts, int kills, List<Throwable> failures) {
        int sent() {
            return scripts.stream().mapToInt(CommandScript::sentCount).sum();
        }

        /** The run went as planned: nothing failed, every node runs again, all commands were sent, nodes killed. */
        void assertRanAsPlanned(WorkerFleet workers, List<String> nodes, int commands) {
            assertThat(failures).as("command sends or restarts that failed").isEmpty();
            assertThat(workers.liveNodes()).as("every restarted node is running").containsExactlyElementsOf(nodes);
            assertThat(sent()).isEqualTo(commands);
            assertThat(kills).as("workers killed while commands were sent").isGreaterThan(0);
        }

        /**
         * Waits until no command is pending, then checks the fencing ledger and that every task's history after
         * {@code startRevision} spells exactly its sent commands, in order. Returns the ledger.
         */
        FencingLedger assertAppliedExactlyOnceInOrder(Cluster cluster, long startRevision, Duration timeout,
                                                      WorkerFleet workers) {
            Await.until("every command applied", timeout,
                    () -> cluster.probe.list("commands").isEmpty(),
                    () -> cluster.probe.list("commands").size() + " pending\n" + workers.tails(20));
            FencingLedger ledger = cluster.ledger();
            ledger.assertHolds();
            List<String> wrong = scripts.stream().flatMap(sc -> sc.violations(ledger, startRevision).stream())
                    .toList();
            assertThat(wrong).as("tasks whose commands were not applied exactly once in order").isEmpty();
            return ledger;
        }
    }

    private CommandChurn() {
    }

    /**
     * Runs {@code rounds} rounds on {@code nodes} (all running): {@code senders} senders, sender {@code t} commanding
     * tasks {@code ids[5t, 5t + 5)}, each sending {@code perSender} commands in all. Returns when every thread ended.
     */
    static Result run(WorkerFleet workers, Cluster cluster, List<String> nodes, List<String> ids, int senders,
                      int perSender, int rounds) throws InterruptedException {
        if (ids.size() < senders * 5 || perSender % rounds != 0) {
            throw new IllegalArgumentException("5 tasks per sender and an equal share of commands per round");
        }
        Phaser phaser = new Phaser(senders + 1);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<CommandScript> scripts = new ArrayList<>();
        AtomicInteger kills = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> party(phaser, rounds, failures, round -> {
            churnOnce(workers, cluster, busiest(cluster, nodes));
            kills.incrementAndGet();
        }), "churn"));
        for (int t = 0; t < senders; t++) {
            CommandScript script = new CommandScript(42 + t, t * 100_000);
            scripts.add(script);
            List<String> mine = ids.subList(t * 5, t * 5 + 5);
            Random random = new Random(11 + t);
            threads.add(new Thread(() -> party(phaser, rounds, failures, round -> {
                for (int i = 0; i < perSender / rounds; i++) {
                    script.sendNext(cluster.client, mine.get(random.nextInt(mine.size())));
                }
            }), "sender-" + t));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(ROUND_TIMEOUT.multipliedBy(rounds + 1).toMillis());
            if (thread.isAlive()) {
                failures.add(new AssertionError(thread.getName() + " did not end"));
                phaser.forceTermination();
            }
        }
        return new Result(scripts, kills.get(), List.copyOf(failures));
    }

    /** The node owning the most tasks now (the first of {@code nodes} on a tie): its kill moves the most tasks. */
    private static String busiest(Cluster cluster, List<String> nodes) {
        Map<String, Long> owned = cluster.owners().values().stream()
                .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
        return nodes.stream().max(Comparator.comparingLong(n -> owned.getOrDefault(n, 0L))).orElseThrow();
    }

    /** Kills {@code victim}, starts it again under its id and waits until it registered with a new lease. */
    private static void churnOnce(WorkerFleet workers, Cluster cluster, String victim) {
        long lease = cluster.nodeLease(victim);
        workers.get(victim).kill();
        WorkerProcess restarted = workers.start(victim, victim, workers.etcd(), "--wait-for-node-id",
                RESTART_TIMEOUT.toSeconds() + "s");
        Await.until(victim + " came up again after SIGKILL", RESTART_TIMEOUT.plusSeconds(30), () -> {
            long now = cluster.nodeLease(victim);
            return !restarted.isAlive() || (now != 0 && now != lease);
        }, () -> workers.tails(20));
        if (!restarted.isAlive()) {
            throw new AssertionError(victim + " exited at its restart\n" + restarted.tail(20));
        }
    }

    private interface Round {
        void run(int round) throws Exception;
    }

    /** One party of the phaser: {@code rounds} times its share, then waits for the others' (bounded). */
    private static void party(Phaser phaser, int rounds, List<Throwable> failures, Round work) {
        try {
            for (int round = 0; round < rounds && !phaser.isTerminated(); round++) {
                work.run(round);
                phaser.awaitAdvanceInterruptibly(phaser.arrive(), ROUND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (TimeoutException e) {
            failures.add(new AssertionError("round not finished by the others within " + ROUND_TIMEOUT, e));
            phaser.forceTermination();
        } catch (Throwable e) {
            failures.add(e);
            phaser.forceTermination();
        }
    }
}
