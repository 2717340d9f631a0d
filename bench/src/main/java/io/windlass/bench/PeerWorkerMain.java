package io.windlass.bench;

import java.time.Duration;

/**
 * The child JVM of the peers' failover benchmark: one instance of a peer scheduler ({@code db-scheduler} or
 * {@code quartz}) that schedules {@code tasks} HOLD executions due now and runs them all, each blocking forever, until
 * it is SIGKILLed. Args: {@code <peer> <jdbc-url> <node> <tasks> <dead-after-ms>}.
 */
public final class PeerWorkerMain {
    private PeerWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PeerScheduler peer = PeersBench.peer(args[0]);
        String url = args[1];
        String node = args[2];
        int tasks = Integer.parseInt(args[3]);
        Duration deadAfter = Duration.ofMillis(Long.parseLong(args[4]));
        PeerScheduler.Recorder.holding = true;
        PeerScheduler.Instance instance = peer.start(url, node, tasks + 5, deadAfter);
        instance.schedule(PeerScheduler.Work.HOLD, 0, tasks);
        System.err.println("holding " + tasks + " " + peer.name() + " executions as " + node);
        Thread.sleep(Long.MAX_VALUE);
    }
}
