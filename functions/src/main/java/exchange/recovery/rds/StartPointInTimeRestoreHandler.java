package exchange.recovery.rds;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.JsonHandler;

/** Tier 1, data corruption or deletion: starts (or finds again) the point-in-time restore for the incident. */
public class StartPointInTimeRestoreHandler extends JsonHandler<RestoreRequest, RestoreResult> {

    private final PointInTimeRestore restore;

    public StartPointInTimeRestoreHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private StartPointInTimeRestoreHandler(Env env, AwsClients clients) {
        this(restore(clients, RdsRecoveryConfig.from(env)));
    }

    public StartPointInTimeRestoreHandler(PointInTimeRestore restore) {
        super(RestoreRequest.class);
        this.restore = restore;
    }

    private static PointInTimeRestore restore(AwsClients clients, RdsRecoveryConfig config) {
        return new PointInTimeRestore(new RdsGateway(clients.rds()), Clock.systemUTC(), config.safetyMargin(), config.instanceId());
    }

    @Override
    protected RestoreResult handle(RestoreRequest request, Context context) {
        return restore.start(request);
    }
}
