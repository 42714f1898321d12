package exchange.recovery.local.scenarios;

import java.util.List;
import java.util.Optional;

import exchange.recovery.local.scenarios.AccidentalDeletion;
import exchange.recovery.local.scenarios.ApiInstanceFailure;
import exchange.recovery.local.scenarios.AzOutage;
import exchange.recovery.local.scenarios.CacheNodeLoss;
import exchange.recovery.local.scenarios.DataCorruption;
import exchange.recovery.local.scenarios.DataCorruptionDetectedLate;
import exchange.recovery.local.scenarios.DatabaseInstanceFailure;
import exchange.recovery.local.scenarios.WalletFailureBalanceDrift;
import exchange.recovery.local.scenarios.WithdrawalResumptionMismatch;

/**
 * The scenarios the drill can run against the plans as they are. A scenario is listed here only once the
 * plans it exercises exist: its expectations are checked on real reports, never assumed.
 */
public final class Scenarios {

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return List.of(new ApiInstanceFailure(), new AzOutage(), new DatabaseInstanceFailure(), new DataCorruption(),
                new DataCorruptionDetectedLate(), new AccidentalDeletion(), new CacheNodeLoss(), new WithdrawalResumptionMismatch(), new WalletFailureBalanceDrift());
    }

    public static Optional<Scenario> find(String name) {
        return all().stream().filter(scenario -> scenario.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return all().stream().map(Scenario::name).toList();
    }
}
