package exchange.recovery.rds;

import java.time.Clock;
import java.time.Duration;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.JsonHandler;
import exchange.recovery.db.SecretCredentials;

/**
 * Tier 1, instance failure or AZ outage: fails the exchange's Multi-AZ instance over and verifies the
 * new primary is available and accepts writes. Needs {@code DATABASE_SECRET_ARN} (the services' login,
 * RDS secret format) for the write probe; {@code WRITE_PROBE_TABLE} optionally names a table to probe.
 */
public class RdsFailoverHandler extends JsonHandler<FailoverRequest, FailoverResult> {

    private final RdsFailover failover;

    public RdsFailoverHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private RdsFailoverHandler(Env env, AwsClients clients) {
        this(failover(env, clients, RdsRecoveryConfig.from(env)));
    }

    public RdsFailoverHandler(RdsFailover failover) {
        super(FailoverRequest.class);
        this.failover = failover;
    }

    private static RdsFailover failover(Env env, AwsClients clients, RdsRecoveryConfig config) {
        WriteProbe probe = new JdbcWriteProbe(SecretCredentials.readOnFirstUse(clients.secretsManager(), env.require("DATABASE_SECRET_ARN")),
                env.find("WRITE_PROBE_TABLE"), Duration.ofSeconds(env.getInt("WRITE_PROBE_TIMEOUT_SECONDS", 5)));
        return new RdsFailover(new RdsGateway(clients.rds()), probe,
                new Waiter(Clock.systemUTC(), Waiter.Sleeper.SYSTEM, config.failoverBackoff()),
                config.failoverVerifyWithin(), config.instanceId());
    }

    @Override
    protected FailoverResult handle(FailoverRequest request, Context context) {
        return failover.failOver(request);
    }
}
