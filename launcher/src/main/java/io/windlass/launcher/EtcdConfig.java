package io.windlass.launcher;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.List;

/**
 * How {@link EtcdLauncher} starts etcd (built by {@link EtcdLauncher.Builder}).
 *
 * @param members           number of members, 1 to {@value #MAX_MEMBERS}
 * @param quotaBackendBytes {@code --quota-backend-bytes}; 0 keeps etcd's default (2 GiB)
 * @param extraArgs         further etcd flags, appended last (so they override ours), e.g. {@code --max-txn-ops=256}
 * @param startTimeout      how long start (all members healthy) and {@link EtcdMember#restart()} may take
 * @param tls               TLS of the client URLs (https); null for plaintext http
 */
public record EtcdConfig(int members, long quotaBackendBytes, List<String> extraArgs, Duration startTimeout,
                         EtcdTls tls) {
    static final int MAX_MEMBERS = 7;

    public EtcdConfig {
        if (members < 1 || members > MAX_MEMBERS) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                    "members must be 1.." + MAX_MEMBERS + ", got " + members);
        }
        if (quotaBackendBytes < 0) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "quotaBackendBytes must be >= 0");
        }
        extraArgs = List.copyOf(extraArgs);
        if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "startTimeout must be positive");
        }
    }

    /** Plaintext http. */
    public EtcdConfig(int members, long quotaBackendBytes, List<String> extraArgs, Duration startTimeout) {
        this(members, quotaBackendBytes, extraArgs, startTimeout, null);
    }
}
