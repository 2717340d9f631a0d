package io.windlass.etcd;

import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientStreamTracer;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.net.SocketAddress;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Knows, for every etcd member address, the gRPC calls (unary and streams) open on a connection to it, so that
 * {@link MemberProbingBalancer} can cancel them when the member stops answering. One instance per JVM (member
 * addresses are the same for every client that connects to them). A call is known from the moment its stream is
 * created on a connection until the stream closes. Thread-safe; {@link #cancel} runs on the caller's thread.
 */
final class OpenCallsByMember implements ClientInterceptor {
    static final OpenCallsByMember INSTANCE = new OpenCallsByMember();

    private final Map<SocketAddress, Set<ClientCall<?, ?>>> open = new ConcurrentHashMap<>();

    private OpenCallsByMember() {
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        CallTracer tracer = new CallTracer();
        ClientCall<Q, A> call = next.newCall(method, options.withStreamTracerFactory(tracer));
        tracer.call = call;
        return call;
    }

    /** Cancels every call open on a connection to one of {@code members}; returns how many. */
    int cancel(Collection<SocketAddress> members, String why) {
        int cancelled = 0;
        for (SocketAddress member : members) {
            Set<ClientCall<?, ?>> calls = open.get(member);
            if (calls == null) {
                continue;
            }
            for (ClientCall<?, ?> call : calls) {
                call.cancel(why, null);
                cancelled++;
            }
        }
        return cancelled;
    }

    private final class CallTracer extends ClientStreamTracer.Factory {
        volatile ClientCall<?, ?> call;

        @Override
        public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
            return new ClientStreamTracer() {
                private SocketAddress member;

                @Override
                public void streamCreated(Attributes transport, Metadata headers) {
                    ClientCall<?, ?> tracked = call;
                    member = transport.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
                    if (member != null && tracked != null) {
                        open.computeIfAbsent(member, k -> ConcurrentHashMap.newKeySet()).add(tracked);
                    }
                }

                @Override
                public void streamClosed(Status status) {
                    Set<ClientCall<?, ?>> calls = member == null ? null : open.get(member);
                    if (calls != null) {
                        calls.remove(call);
                    }
                }
            };
        }
    }
}
