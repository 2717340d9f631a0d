package io.windlass.etcd;

import io.grpc.LoadBalancer;
import io.grpc.LoadBalancerProvider;
import io.grpc.LoadBalancerRegistry;

/**
 * Registers {@link MemberProbingBalancer} with gRPC under {@link #NAME} (once per JVM), for jetcd's
 * {@code loadBalancerPolicy}.
 */
final class MemberProbingPolicy extends LoadBalancerProvider {
    /** The policy name clients built by {@link EtcdClients} use. */
    static final String NAME = "windlass_member_probing";

    private MemberProbingPolicy() {
    }

    /** Registers the policy unless it is registered already; returns its name. */
    static synchronized String register() {
        LoadBalancerRegistry registry = LoadBalancerRegistry.getDefaultRegistry();
        if (registry.getProvider(NAME) == null) {
            registry.register(new MemberProbingPolicy());
        }
        return NAME;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public int getPriority() {
        return 5;
    }

    @Override
    public String getPolicyName() {
        return NAME;
    }

    @Override
    public LoadBalancer newLoadBalancer(LoadBalancer.Helper helper) {
        LoadBalancerProvider roundRobin = LoadBalancerRegistry.getDefaultRegistry().getProvider("round_robin");
        if (roundRobin == null) {
            throw new IllegalStateException("gRPC's round_robin load-balancing policy is not on the class path");
        }
        return new MemberProbingBalancer(helper, roundRobin.newLoadBalancer(helper));
    }
}
