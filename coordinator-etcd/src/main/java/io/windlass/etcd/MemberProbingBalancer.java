package io.windlass.etcd;

import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.StatusRequest;
import io.etcd.jetcd.api.StatusResponse;
import io.grpc.CallOptions;
import io.grpc.EquivalentAddressGroup;
import io.grpc.LoadBalancer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.SynchronizationContext.ScheduledHandle;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Round robin over the etcd members that answer. With more than one member, each member gets a probe of its own (a
 * separate connection sending etcd's cheap {@code Maintenance/Status} every {@link #PROBE_PERIOD}, each with a
 * {@link #PROBE_DEADLINE}). A member whose probe gets no answer in time (a silent partition, a frozen process, a
 * refused connection) leaves the round robin at once and every call still open on it is cancelled
 * ({@link OpenCallsByMember}), so callers see a failure at once and retry (or resolve an unknown outcome by
 * re-reading) through a member that answers, instead of waiting for their deadlines or for gRPC's keep-alive (10 s at
 * least) to close the dead connection. One answer (any status other than DEADLINE_EXCEEDED or UNAVAILABLE: an error
 * is an answer too) puts it back. When no member answers, all stay in the round robin and nothing is cancelled.
 *
 * <p>Threading: gRPC calls every method on the channel's synchronization context; probe answers hop onto it too, so
 * all state here is confined to it.
 */
final class MemberProbingBalancer extends LoadBalancer {
    /** Time from a probe's answer (or failure) to the next probe. */
    static final Duration PROBE_PERIOD = Duration.ofMillis(500);
    /** How long a member may take to answer a probe before it counts as not answering. */
    static final Duration PROBE_DEADLINE = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(MemberProbingBalancer.class);

    private final Helper helper;
    private final LoadBalancer roundRobin;
    private final Map<List<SocketAddress>, MemberProbe> probes = new LinkedHashMap<>();
    private ResolvedAddresses resolved;

    MemberProbingBalancer(Helper helper, LoadBalancer roundRobin) {
        this.helper = helper;
        this.roundRobin = roundRobin;
    }

    @Override
    public Status acceptResolvedAddresses(ResolvedAddresses addresses) {
        resolved = addresses;
        Set<List<SocketAddress>> members = new HashSet<>();
        if (addresses.getAddresses().size() > 1) {
            for (EquivalentAddressGroup group : addresses.getAddresses()) {
                members.add(group.getAddresses());
                probes.computeIfAbsent(group.getAddresses(), k -> new MemberProbe(group)).schedule();
            }
        }
        probes.entrySet().removeIf(e -> {
            if (!members.contains(e.getKey())) {
                e.getValue().close();
                return true;
            }
            return false;
        });
        return offerAnswering();
    }

    @Override
    public void handleNameResolutionError(Status error) {
        roundRobin.handleNameResolutionError(error);
    }

    @Override
    public void requestConnection() {
        roundRobin.requestConnection();
    }

    @Override
    public void shutdown() {
        probes.values().forEach(MemberProbe::close);
        probes.clear();
        roundRobin.shutdown();
    }

    /** Gives round robin the members that answer (all of them when none does). */
    private Status offerAnswering() {
        if (resolved == null) {
            return Status.OK;
        }
        List<EquivalentAddressGroup> answering = new ArrayList<>();
        for (EquivalentAddressGroup group : resolved.getAddresses()) {
            MemberProbe probe = probes.get(group.getAddresses());
            if (probe == null || probe.answering) {
                answering.add(group);
            }
        }
        List<EquivalentAddressGroup> offered = answering.isEmpty() ? resolved.getAddresses() : answering;
        return roundRobin.acceptResolvedAddresses(resolved.toBuilder().setAddresses(offered).build());
    }

    private void answeringChanged(MemberProbe probe) {
        boolean othersAnswer = probes.values().stream().anyMatch(p -> p != probe && p.answering);
        if (!probe.answering && othersAnswer) {
            LOG.warn("etcd member {} did not answer a probe within {} ms: its calls are cancelled and go to the "
                    + "other members until it answers again", probe.group.getAddresses(), PROBE_DEADLINE.toMillis());
            OpenCallsByMember.INSTANCE.cancel(probe.group.getAddresses(),
                    "etcd member " + probe.group.getAddresses() + " stopped answering");
        } else if (probe.answering) {
            LOG.info("etcd member {} answers again: back in the round robin", probe.group.getAddresses());
        }
        offerAnswering();
    }

    /** The probe of one member; touched only on the synchronization context. */
    private final class MemberProbe {
        final EquivalentAddressGroup group;
        final ManagedChannel channel;
        boolean answering = true;
        boolean sending;
        boolean closed;
        ScheduledHandle next;

        MemberProbe(EquivalentAddressGroup group) {
            this.group = group;
            String authority = group.getAttributes().get(EquivalentAddressGroup.ATTR_AUTHORITY_OVERRIDE);
            this.channel = helper.createOobChannel(List.of(group),
                    authority == null ? helper.getAuthority() : authority);
        }

        /** Schedules the next probe unless one is sent or scheduled already. */
        void schedule() {
            if (closed || sending || (next != null && next.isPending())) {
                return;
            }
            next = helper.getSynchronizationContext().schedule(this::send, PROBE_PERIOD.toMillis(),
                    TimeUnit.MILLISECONDS, helper.getScheduledExecutorService());
        }

        private void send() {
            if (closed) {
                return;
            }
            sending = true;
            try {
                sendStatus();
            } catch (RuntimeException e) { // our failure, not the member's: no evidence against it
                LOG.debug("probe of etcd member {} could not be sent: {}", group.getAddresses(), e.toString());
                answered(true);
            }
        }

        private void sendStatus() {
            ClientCalls.asyncUnaryCall(channel.newCall(MaintenanceGrpc.getStatusMethod(),
                            CallOptions.DEFAULT.withDeadlineAfter(PROBE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)),
                    StatusRequest.getDefaultInstance(), new StreamObserver<StatusResponse>() {
                        @Override
                        public void onNext(StatusResponse value) {
                        }

                        @Override
                        public void onError(Throwable t) {
                            Status.Code code = Status.fromThrowable(t).getCode();
                            answered(code != Status.Code.DEADLINE_EXCEEDED && code != Status.Code.UNAVAILABLE);
                        }

                        @Override
                        public void onCompleted() {
                            answered(true);
                        }
                    });
        }

        private void answered(boolean answers) {
            helper.getSynchronizationContext().execute(() -> {
                sending = false;
                if (closed) {
                    return;
                }
                if (answers != answering) {
                    answering = answers;
                    answeringChanged(this);
                }
                schedule();
            });
        }

        void close() {
            closed = true;
            if (next != null) {
                next.cancel();
            }
            channel.shutdownNow();
        }
    }
}
