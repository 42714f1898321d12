package exchange.recovery.health;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.JsonHandler;
import exchange.recovery.core.Tier;

/** Reads a tier's health for its gate; the plan decides what an unhealthy tier means. */
public class CheckTierHealthHandler extends JsonHandler<CheckTierHealthRequest, TierHealth> {

    private final HealthChecker checker;

    public CheckTierHealthHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private CheckTierHealthHandler(Env env, AwsClients aws) {
        this(new HealthChecker(aws, HealthTargets.parse(env.get("HEALTH_TARGETS", "{}")), Clock.systemUTC()));
    }

    public CheckTierHealthHandler(HealthChecker checker) {
        super(CheckTierHealthRequest.class);
        this.checker = checker;
    }

    @Override
    protected TierHealth handle(CheckTierHealthRequest request, Context context) {
        return checker.check(Tier.of(request.tier()));
    }
}
