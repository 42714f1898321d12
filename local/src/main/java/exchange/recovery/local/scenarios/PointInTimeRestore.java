package exchange.recovery.local.scenarios;

import java.util.ArrayList;
import java.util.List;

import exchange.recovery.core.Tier;

/** What the data-loss scenarios share: a point-in-time restore to recover from, and what its recovery shows. */
public final class PointInTimeRestore {

    private PointInTimeRestore() {
    }

    /**
     * The database restored (its restored copy passing {@code checksPassed}) and cut over with its RPO
     * reported, the other tiers verified, and withdrawals resumed.
     */
    public static List<Expectation> recovered(String... checksPassed) {
        List<Expectation> shown = new ArrayList<>();
        shown.add(Expect.tier(Tier.DATABASE, "RECOVER", "RECOVERED"));
        for (String check : checksPassed) {
            shown.add(Expect.integrityCheck(Tier.DATABASE, check, true));
        }
        shown.add(Expect.rpoReported(Tier.DATABASE));
        shown.add(Expect.othersVerified(Tier.DATABASE, Tier.DEPOSITS_WITHDRAWALS));
        shown.add(Expect.tier(Tier.DEPOSITS_WITHDRAWALS, "RECOVER", "RECOVERED"));
        return List.copyOf(shown);
    }
}
