package exchange.recovery.local.scenarios;

import java.util.List;
import java.util.Optional;

/**
 * The scenarios the drill can run against the plans as they are. A scenario is listed here only once the
 * plans it exercises exist: its expectations are checked on real reports, never assumed.
 */
public final class Scenarios {

    private static final List<Scenario> ALL = List.of(ApiInstanceFailure.SCENARIO, AzOutage.SCENARIO,
            DatabaseInstanceFailure.SCENARIO, DataCorruption.SCENARIO, DataCorruptionDetectedLate.SCENARIO,
            AccidentalDeletion.SCENARIO, CacheNodeLoss.SCENARIO, WithdrawalResumptionMismatch.SCENARIO,
            WalletFailureBalanceDrift.SCENARIO, TradeSettlementMismatch.SCENARIO, S3AccidentalDeletion.SCENARIO,
            S3OverwriteCorruption.SCENARIO);

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return ALL;
    }

    public static Optional<Scenario> find(String name) {
        return all().stream().filter(scenario -> scenario.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return all().stream().map(Scenario::name).toList();
    }
}
