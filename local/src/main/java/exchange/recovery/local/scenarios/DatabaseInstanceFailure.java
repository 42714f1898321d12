package exchange.recovery.local.scenarios;

import java.util.List;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.local.scenarios.Expect;
import exchange.recovery.local.scenarios.Expectation;
import exchange.recovery.local.scenarios.FaultContext;
import exchange.recovery.local.exchange.LocalExchange;
import exchange.recovery.local.scenarios.Scenario;

/**
 * The seed's "database instance failure": the RDS primary stops answering and its availability alarm
 * fires. The plan pauses withdrawals (tier 1 is in scope), fails the Multi-AZ instance over, proves the new
 * primary takes writes, gates tier 1 on the integrity checks, verifies the other tiers, then resumes
 * withdrawals only after the wallet reconciles and two people approve on the approval page.
 */
public final class DatabaseInstanceFailure implements Scenario {

    static final String ALARM = "exchange-db-primary-unavailable";

    @Override
    public String name() {
        return "database-instance-failure";
    }

    @Override
    public String failure() {
        return "the RDS primary " + LocalExchange.DATABASE_INSTANCE + " stops answering; its availability alarm fires";
    }

    @Override
    public String expectedOutcome() {
        return "withdrawals paused, Multi-AZ failover with a write probe, integrity gate passes, other tiers verified, "
                + "withdrawals resumed after reconciliation and two approvals";
    }

    @Override
    public List<Tier> tiers() {
        return List.of(Tier.DATABASE);
    }

    @Override
    public List<ExchangeAlarm> alarms() {
        return List.of(new ExchangeAlarm(ALARM, "AWS/RDS", "DatabaseConnections", "LessThanThreshold", 1,
                "The exchange's RDS primary accepts no connections"));
    }

    @Override
    public List<String> approvers() {
        return List.of("alice", "bob");
    }

    @Override
    public void inject(FaultContext fault) {
        fault.note("primary " + LocalExchange.DATABASE_INSTANCE + " (Multi-AZ) stops answering in its zone");
        fault.fireAlarm(ALARM, "Threshold Crossed: 3 out of the last 3 datapoints [0.0] were less than the threshold (1.0).");
    }

    @Override
    public List<Expectation> expectations() {
        return List.of(
                Expect.triggeredBy(ALARM),
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
                Expect.recovered());
    }
}
