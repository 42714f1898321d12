package exchange.recovery.rds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import exchange.recovery.core.InvalidInput;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * One step of a bounded, backed-off wait for an instance to become {@code available}, driven by the
 * state machine (Task → Choice → Wait {@code nextWaitSeconds} → Task), so that no Lambda runs while a
 * restore takes its minutes or hours. Fails with {@link InstanceUnusable} on a state RDS does not leave
 * by itself, and with {@link RdsWaitTimedOut} once the deadline has passed.
 */
public class InstanceAwaiter {

    private final RdsGateway rds;
    private final Clock clock;
    private final Backoff backoff;
    private final Duration defaultMaxWait;

    public InstanceAwaiter(RdsGateway rds, Clock clock, Backoff backoff, Duration defaultMaxWait) {
        this.rds = rds;
        this.clock = clock;
        this.backoff = backoff;
        this.defaultMaxWait = defaultMaxWait;
    }

    public AwaitResult poll(AwaitRequest request) {
        String instanceId = RecoveryNames.instanceId(request.instanceId(), "instanceId");
        int attempt = request.attempt() == null ? 0 : request.attempt();
        if (attempt < 0) {
            throw new InvalidInput("attempt must not be negative");
        }
        Instant now = clock.instant();
        Instant started = request.waitStartedAt() == null ? now : request.waitStartedAt();
        Duration maxWait = request.maxWaitSeconds() == null ? defaultMaxWait : Duration.ofSeconds(request.maxWaitSeconds());
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new InvalidInput("maxWaitSeconds must be positive");
        }
        Instant deadline = started.plus(maxWait);

        DBInstance instance = rds.require(instanceId);
        if (Instances.isTerminal(instance)) {
            throw new InstanceUnusable(instanceId, instance.dbInstanceStatus());
        }
        DbEndpoint endpoint = Instances.endpoint(instance);
        if (Instances.isAvailable(instance)) {
            return new AwaitResult(instanceId, AwaitResult.AVAILABLE, instance.dbInstanceStatus(), attempt + 1, 0,
                    started, deadline, (int) maxWait.toSeconds(), endpoint.address(), port(endpoint),
                    endpoint.address() == null ? null : endpoint.database());
        }
        if (!now.isBefore(deadline)) {
            throw new RdsWaitTimedOut(instanceId + " is still " + instance.dbInstanceStatus() + " after waiting since "
                    + started + " (bound " + maxWait + ", " + attempt + " polls)");
        }
        Duration next = backoff.delay(attempt);
        Duration left = Duration.between(now, deadline);
        long seconds = Math.max(1, Math.min(next.toSeconds(), (left.toMillis() + 999) / 1000));
        return new AwaitResult(instanceId, AwaitResult.PENDING, instance.dbInstanceStatus(), attempt + 1, (int) seconds,
                started, deadline, (int) maxWait.toSeconds(), endpoint.address(), port(endpoint), null);
    }

    private static Integer port(DbEndpoint endpoint) {
        return endpoint.port() > 0 ? endpoint.port() : null;
    }
}
