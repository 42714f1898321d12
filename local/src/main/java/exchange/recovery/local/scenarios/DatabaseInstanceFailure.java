package exchange.recovery.local.scenarios;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.LocalExchange;

/**
 * The seed's "database instance failure": the RDS primary stops answering and its availability alarm
 * fires. The plan pauses withdrawals (tier 1 is in scope), fails the Multi-AZ instance over, proves the new
 * primary takes writes, gates tier 1 on the integrity checks, verifies the other tiers, then resumes
 * withdrawals only after the wallet reconciles and two people approve on the approval page.
 */
final class DatabaseInstanceFailure {

    static final Scenario SCENARIO = Scenario.named("database-instance-failure")
            .fails("the RDS primary " + LocalExchange.DATABASE_INSTANCE + " stops answering; its availability alarm fires")
            .expects("withdrawals paused, Multi-AZ failover with a write probe, integrity gate passes, other tiers verified, "
                    + "withdrawals resumed after reconciliation and two approvals")
            .tiers(Tier.DATABASE)
            .alarms(Alarms.DATABASE_PRIMARY_UNAVAILABLE)
            .approvers("alice", "bob")
            .fault(Faults.note("primary " + LocalExchange.DATABASE_INSTANCE + " (Multi-AZ) stops answering in its zone")
                    .then(Faults.alarm(Alarms.DATABASE_PRIMARY_UNAVAILABLE, Alarms.DATABASE_PRIMARY_UNAVAILABLE_REASON)))
            .reportShows(
                    Expect.triggeredBy(Alarms.DATABASE_PRIMARY_UNAVAILABLE.name()),
                    Expect.scope(Tier.DATABASE),
                    Expect.tier(Tier.DATABASE, "RECOVER", "RECOVERED"),
                    Expect.integrityCheck(Tier.DATABASE, "ledger-balanced", true),
                    Expect.integrityCheck(Tier.DATABASE, "balances-match-ledger", true),
                    Expect.healthCheck(Tier.DATABASE, LocalExchange.DATABASE_INSTANCE, true, "status available, Multi-AZ"),
                    Expect.othersVerified(Tier.DATABASE, Tier.DEPOSITS_WITHDRAWALS),
                    Expect.tier(Tier.DEPOSITS_WITHDRAWALS, "RECOVER", "RECOVERED"),
                    Expect.approvedBy("alice", "bob"),
                    Expect.notified("Withdrawals resumed"),
                    Expect.planStatus("SUCCEEDED"),
                    Expect.recovered())
            .build();

    private DatabaseInstanceFailure() {
    }
}
