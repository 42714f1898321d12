package exchange.recovery.router;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.JsonHandler;

/**
 * Last step of a plan, on every path: frees the plan's scope for the next recovery, but only if this
 * execution holds it (an operator's console start holds none). Releasing twice is harmless.
 */
public class ReleaseScopeLockHandler extends JsonHandler<ReleaseScopeLockRequest, ReleaseScopeLockHandler.Released> {

    private static final Logger LOG = LogManager.getLogger(ReleaseScopeLockHandler.class);

    /** Whether this execution held the scope (and freed it) and when the minimum interval lets the next one start. */
    public record Released(boolean released, String scopeKey, String executionArn, Instant releasedAt,
                           Instant nextRecoveryFrom) {
    }

    private final ScopeLocks locks;
    private final Clock clock;

    public ReleaseScopeLockHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private ReleaseScopeLockHandler(Env env, AwsClients clients) {
        this(new ScopeLocks(clients.dynamoDb(), env.require("LOCK_TABLE"),
                        Duration.ofMinutes(env.getInt("MIN_MINUTES_BETWEEN_RECOVERIES", RouterSettings.DEFAULT_MIN_MINUTES)),
                        Duration.ofMinutes(env.getInt("SCOPE_LOCK_LEASE_MINUTES", RouterSettings.DEFAULT_LEASE_MINUTES))),
                Clock.systemUTC());
    }

    public ReleaseScopeLockHandler(ScopeLocks locks, Clock clock) {
        super(ReleaseScopeLockRequest.class);
        this.locks = locks;
        this.clock = clock;
    }

    @Override
    protected Released handle(ReleaseScopeLockRequest request, Context context) {
        ScopeKey scope = scope(request);
        Instant now = clock.instant();
        boolean released = locks.release(scope.key(), request.executionArn(), Optional.of(now));
        if (released) {
            LOG.info("Released scope {} held by {}", scope.key(), request.executionArn());
        } else {
            LOG.info("Scope {} is not held by {}: nothing to release", scope.key(), request.executionArn());
        }
        return new Released(released, scope.key(), request.executionArn(), released ? now : null,
                released ? now.plus(locks.minInterval()) : null);
    }

    private static ScopeKey scope(ReleaseScopeLockRequest request) {
        if (request.plan() == null || request.plan().isBlank()) {
            throw new InvalidInput("plan is required");
        }
        if (request.executionArn() == null || request.executionArn().isBlank()) {
            throw new InvalidInput("executionArn is required");
        }
        if (request.scope() == null || request.scope().isEmpty()) {
            throw new InvalidInput("scope is required");
        }
        try {
            return ScopeKey.of(request.plan(), request.scope());
        } catch (IllegalArgumentException unknown) {
            throw new InvalidInput(unknown.getMessage());
        }
    }
}
