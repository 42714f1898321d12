package exchange.recovery.local.drill;

import java.util.List;
import java.util.Optional;

import exchange.recovery.local.drill.scenarios.ApiInstanceFailure;
import exchange.recovery.local.drill.scenarios.DatabaseInstanceFailure;

/**
 * The scenarios the drill can run against the plans as they are. A scenario is listed here only once the
 * plans it exercises exist: its expectations are checked on real reports, never assumed.
 */
public final class Scenarios {

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return List.of(new ApiInstanceFailure(), new DatabaseInstanceFailure());
    }

    public static Optional<Scenario> find(String name) {
        return all().stream().filter(scenario -> scenario.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return all().stream().map(Scenario::name).toList();
    }
}
