package io.windlass.spring;

import java.time.Duration;

/** {@code windlass.worker.*}: whether this application runs consumers, and their settings. */
public class WorkerProperties {
    /** The balancers {@code windlass.worker.balancer} names (a Balancer bean replaces both). */
    public enum BalancerKind {
        /** Even task counts across nodes (Balancer.fair()). */
        FAIR,
        /** By memory use: the higher of Linux memory and JVM heap (Balancer.resource(...)). */
        RESOURCE
    }

    /** Run consumers (false: only the TaskClient, for services that submit and command tasks). */
    private boolean enabled = true;
    /** The balancer; a Balancer bean takes precedence. */
    private BalancerKind balancer = BalancerKind.FAIR;
    /** RESOURCE balancer: no claims above this usage percent. */
    private double claimLimit = 80;
    /** RESOURCE balancer: releases tasks above this usage percent. */
    private double releaseLimit = 90;
    /** How often the balancer runs. */
    private Duration balanceInterval = Duration.ofSeconds(30);
    /** A random extra delay up to this, added to each balance interval. */
    private Duration balanceJitter = Duration.ofSeconds(3);
    /** How long a graceful shutdown waits for running handlers before abandoning them. */
    private Duration shutdownGrace = Duration.ofSeconds(30);
    /** After releasing a task, this node does not claim it again for this long. */
    private Duration releaseBackoff = Duration.ofSeconds(30);
    /** Claims on their way at once. */
    private int maxClaimsInFlight = 256;
    /** At start-up, how long to wait while another live process still holds the node id (its lease ending). */
    private Duration nodeIdWait = Duration.ofSeconds(15);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public BalancerKind getBalancer() {
        return balancer;
    }

    public void setBalancer(BalancerKind balancer) {
        this.balancer = balancer;
    }

    public double getClaimLimit() {
        return claimLimit;
    }

    public void setClaimLimit(double claimLimit) {
        this.claimLimit = claimLimit;
    }

    public double getReleaseLimit() {
        return releaseLimit;
    }

    public void setReleaseLimit(double releaseLimit) {
        this.releaseLimit = releaseLimit;
    }

    public Duration getBalanceInterval() {
        return balanceInterval;
    }

    public void setBalanceInterval(Duration balanceInterval) {
        this.balanceInterval = balanceInterval;
    }

    public Duration getBalanceJitter() {
        return balanceJitter;
    }

    public void setBalanceJitter(Duration balanceJitter) {
        this.balanceJitter = balanceJitter;
    }

    public Duration getShutdownGrace() {
        return shutdownGrace;
    }

    public void setShutdownGrace(Duration shutdownGrace) {
        this.shutdownGrace = shutdownGrace;
    }

    public Duration getReleaseBackoff() {
        return releaseBackoff;
    }

    public void setReleaseBackoff(Duration releaseBackoff) {
        this.releaseBackoff = releaseBackoff;
    }

    public int getMaxClaimsInFlight() {
        return maxClaimsInFlight;
    }

    public void setMaxClaimsInFlight(int maxClaimsInFlight) {
        this.maxClaimsInFlight = maxClaimsInFlight;
    }

    public Duration getNodeIdWait() {
        return nodeIdWait;
    }

    public void setNodeIdWait(Duration nodeIdWait) {
        this.nodeIdWait = nodeIdWait;
    }
}
