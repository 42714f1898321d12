package exchange.recovery.router;

import java.time.Clock;
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
 * Last step of a plan, on every path: frees every lock this execution holds (its scope and the tiers it
 * acts on), found by its execution ARN, so that a plan halted before its input was validated (no scope in
 * it) releases too. An operator's console start holds none. Releasing twice is harmless.
 */
public class ReleaseScopeLockHandler extends JsonHandler<ReleaseScopeLockRequest, ReleaseScopeLockHandler.Released> {

    private static final Logger LOG = LogManager.getLogger(ReleaseScopeLockHandler.class);

    /** Whether this execution held a scope (and freed it) and when the minimum interval lets the next one start. */
    public record Released(boolean released, String scopeKey, String executionArn, Instant releasedAt,
                           Instant nextRecoveryFrom) {
    }

    private final ScopeLocks locks;
    private final Clock clock;

    public ReleaseScopeLockHandler() {
        this(RouterSettings.forRelease(Env.current()), AwsClients.fromEnvironment());
    }

    private ReleaseScopeLockHandler(RouterSettings settings, AwsClients clients) {
        this(settings.locks(clients.dynamoDb()), Clock.systemUTC());
    }

    public ReleaseScopeLockHandler(ScopeLocks locks, Clock clock) {
        super(ReleaseScopeLockRequest.class);
        this.locks = locks;
        this.clock = clock;
    }

    @Override
    protected Released handle(ReleaseScopeLockRequest request, Context context) {
        if (request.executionArn() == null || request.executionArn().isBlank()) {
            throw new InvalidInput("executionArn is required");
        }
        Instant now = clock.instant();
        Optional<String> scope = locks.release(request.executionArn(), Optional.of(now));
        if (scope.isPresent()) {
            LOG.info("Released scope {} and its tiers, held by {}", scope.get(), request.executionArn());
        } else {
            LOG.info("{} holds no scope: nothing to release", request.executionArn());
        }
        return new Released(scope.isPresent(), scope.orElse(null), request.executionArn(),
                scope.isPresent() ? now : null, scope.isPresent() ? now.plus(locks.minInterval()) : null);
    }
}
