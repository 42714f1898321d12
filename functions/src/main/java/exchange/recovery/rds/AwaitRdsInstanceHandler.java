package exchange.recovery.rds;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.JsonHandler;

/** One poll of the state machine's wait loop: is the instance available, and if not, how long to Wait. */
public class AwaitRdsInstanceHandler extends JsonHandler<AwaitRequest, AwaitResult> {

    private final InstanceAwaiter awaiter;

    public AwaitRdsInstanceHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private AwaitRdsInstanceHandler(Env env, AwsClients clients) {
        this(awaiter(clients, RdsRecoveryConfig.from(env)));
    }

    public AwaitRdsInstanceHandler(InstanceAwaiter awaiter) {
        super(AwaitRequest.class);
        this.awaiter = awaiter;
    }

    private static InstanceAwaiter awaiter(AwsClients clients, RdsRecoveryConfig config) {
        return new InstanceAwaiter(new RdsGateway(clients.rds()), Clock.systemUTC(), config.awaitBackoff(), config.restoreMaxWait());
    }

    @Override
    protected AwaitResult handle(AwaitRequest request, Context context) {
        return awaiter.poll(request);
    }
}
