package exchange.recovery.rds;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.JsonHandler;

/** One step of the rename swap that puts the restored copy in production; loop until {@code complete}. */
public class CutOverRestoredInstanceHandler extends JsonHandler<CutOverRequest, CutOverResult> {

    private final RestoredInstanceCutOver cutOver;

    public CutOverRestoredInstanceHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private CutOverRestoredInstanceHandler(Env env, AwsClients clients) {
        this(cutOver(clients, RdsRecoveryConfig.from(env)));
    }

    public CutOverRestoredInstanceHandler(RestoredInstanceCutOver cutOver) {
        super(CutOverRequest.class);
        this.cutOver = cutOver;
    }

    private static RestoredInstanceCutOver cutOver(AwsClients clients, RdsRecoveryConfig config) {
        return new RestoredInstanceCutOver(new RdsGateway(clients.rds()), config.cutOverBackoff(), config.instanceId());
    }

    @Override
    protected CutOverResult handle(CutOverRequest request, Context context) {
        return cutOver.advance(request);
    }
}
