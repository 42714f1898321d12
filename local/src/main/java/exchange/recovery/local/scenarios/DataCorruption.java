package exchange.recovery.local.scenarios;

import exchange.recovery.core.Tier;
import exchange.recovery.local.stack.Need;

/**
 * The seed's "data corruption": a bad migration multiplies one ledger entry by ten, and the integrity
 * monitor's alarm fires. The plan restores the database to just before the alarm into a new instance,
 * checks the restored data's integrity before anything else, cuts over (the original kept for forensics),
 * gates tier 1 on the restored data, records the RPO, and goes on with the other tiers.
 */
final class DataCorruption {

    static final Scenario SCENARIO = Scenario.named("data-corruption")
            .fails("a bad migration multiplies ledger transaction 42 by ten; the integrity monitor's alarm fires")
            .expects("point-in-time restore to just before the alarm, restored data checked, cut-over, RPO recorded, "
                    + "other tiers verified, withdrawals resumed after two approvals")
            .tiers(Tier.DATABASE)
            .needs(Need.POSTGRES, Need.POINT_IN_TIME_RESTORE)
            .alarms(Alarms.INTEGRITY_CHECK_FAILED)
            .approvers("alice", "bob")
            .fault(Faults.corruptLedger().then(Faults.alarm(Alarms.INTEGRITY_CHECK_FAILED, Alarms.INTEGRITY_CHECK_FAILED_REASON)))
            .reportShows(Expect.triggeredBy(Alarms.INTEGRITY_CHECK_FAILED.name()), Expect.scope(Tier.DATABASE))
            .reportShows(PointInTimeRestore.recovered("ledger-balanced", "balances-match-ledger"))
            .reportShows(Expect.approvedBy("alice", "bob"), Expect.recovered())
            .build();

    private DataCorruption() {
    }
}
