package exchange.recovery.wallet;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.Env;
import exchange.recovery.core.JsonHandler;
import exchange.recovery.db.ExchangeDatabase;

/**
 * Reconciles the wallet (ledger, balances, on-chain hot wallet) and returns the report; a failed
 * reconciliation is a report with {@code passed: false}, which the plan's Choice acts on.
 */
public class ReconcileWalletsHandler extends JsonHandler<JsonNode, ReconciliationReport> {

    private final WalletReconciliation reconciliation;

    public ReconcileWalletsHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private ReconcileWalletsHandler(Env env, AwsClients clients) {
        this(new WalletReconciliation(ConnectionSource.primaryOf(
                ExchangeDatabase.fromEnvironment(env, clients).withApplicationName("exchange-recovery-reconciliation")), provider(env),
                ReconciliationSettings.fromEnv(env), Clock.systemUTC()));
    }

    public ReconcileWalletsHandler(WalletReconciliation reconciliation) {
        super(JsonNode.class);
        this.reconciliation = reconciliation;
    }

    @Override
    protected ReconciliationReport handle(JsonNode input, Context context) {
        return reconciliation.reconcile();
    }

    /** The configured blockchain provider; {@code static} reads its balances from the environment. */
    static BlockchainProvider provider(Env env) {
        String name = env.get("BLOCKCHAIN_PROVIDER", "static");
        if ("static".equals(name)) {
            return StaticBlockchainProvider.parse(env.get(StaticBlockchainProvider.VARIABLE, "{}"));
        }
        throw new ConfigurationMissing("BLOCKCHAIN_PROVIDER (unknown provider '" + name + "'; known: static)");
    }
}
