package exchange.recovery.cache;

import java.util.Map;

import exchange.recovery.core.RecoveryException;

/**
 * A built version does not match the source of truth: readers stay on the previous version, which
 * this error names, and the failed version is removed. The evidence (counts and first mismatches)
 * is in the message, for the execution history, and in {@link #verification()}.
 */
public class CacheVerificationFailed extends RecoveryException {

    private final transient Verification verification;
    private final Map<String, Long> liveVersions;

    public CacheVerificationFailed(Verification verification, Map<String, Long> liveVersions) {
        super("Cache version " + verification.version() + " failed verification against PostgreSQL; readers stay on "
                + (liveVersions.isEmpty() ? "no version (the cache was empty)" : "version(s) " + liveVersions) + ": "
                + verification.summary());
        this.verification = verification;
        this.liveVersions = Map.copyOf(liveVersions);
    }

    public Verification verification() {
        return verification;
    }

    public Map<String, Long> liveVersions() {
        return liveVersions;
    }
}
