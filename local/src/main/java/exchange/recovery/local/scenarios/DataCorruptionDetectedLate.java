package exchange.recovery.local.scenarios;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.local.scenarios.Expect;
import exchange.recovery.local.scenarios.Expectation;
import exchange.recovery.local.scenarios.FaultContext;
import exchange.recovery.local.stack.Need;
import exchange.recovery.local.scenarios.OperatorRedrive;
import exchange.recovery.local.scenarios.Scenario;
import exchange.recovery.report.ReportVerdict;

/**
 * Data corruption noticed late: the integrity monitor raises its alarm some time after the bad write, so
 * "just before the alarm" is already after the corruption. The plan restores to that time, the restored
 * copy fails its integrity checks, and the plan refuses to cut over: production is left as it was, the
 * restored copy stays for inspection, the plan halts before tier 2 with withdrawals still paused, and the
 * report gives the redrive input. The operator then finds when the bad write ran and redrives with a
 * {@code restoreTime} before it: a fresh copy is restored beside the refused one, passes its checks, is cut
 * over, and the plan goes on to the end.
 */
public final class DataCorruptionDetectedLate implements Scenario {

    /** Longer than the restore's safety margin (1 s), so the restore point falls after the bad write. */
    static final Duration DETECTION_DELAY = Duration.ofSeconds(4);

    @Override
    public String name() {
        return "data-corruption-detected-late";
    }

    @Override
    public String failure() {
        return "a bad migration multiplies ledger transaction 42 by ten; the integrity alarm fires "
                + DETECTION_DELAY.toSeconds() + " s later";
    }

    @Override
    public String expectedOutcome() {
        return "the restore to just before the alarm still holds the corruption: its integrity check fails, no cut-over, "
                + "the plan halts with withdrawals paused; redriven with a restoreTime before the bad write, it recovers";
    }

    @Override
    public List<Tier> tiers() {
        return List.of(Tier.DATABASE);
    }

    @Override
    public Set<Need> needs() {
        return EnumSet.of(Need.POSTGRES, Need.POINT_IN_TIME_RESTORE);
    }

    @Override
    public List<ExchangeAlarm> alarms() {
        return List.of(DataCorruption.INTEGRITY_ALARM);
    }

    @Override
    public List<String> approvers() {
        return List.of("alice", "bob");
    }

    @Override
    public void inject(FaultContext fault) throws Exception {
        DataCorruption.corruptLedger(fault);
        Thread.sleep(DETECTION_DELAY.toMillis());
        fault.note("the integrity monitor's next run, " + DETECTION_DELAY.toSeconds() + " s later, finds it");
        fault.fireAlarm(DataCorruption.ALARM, DataCorruption.ALARM_REASON);
    }

    @Override
    public List<Expectation> expectations() {
        return List.of(
                Expect.triggeredBy(DataCorruption.ALARM),
                Expect.scope(Tier.DATABASE),
                Expect.tier(Tier.DATABASE, "RECOVER", "FAILED"),
                Expect.integrityCheck(Tier.DATABASE, "ledger-balanced", false),
                Expect.haltedAt("RestoredDataRejected"),
                Expect.noRpo(Tier.DATABASE),
                Expect.neverEntered("CutOverRestoredInstance"),
                Expect.notReported(Tier.WALLET),
                Expect.notReported(Tier.DEPOSITS_WITHDRAWALS),
                Expect.verdict(ReportVerdict.Outcome.HALTED),
                Expect.notified("Recovery halted"),
                Expect.redriveGiven("\"resume\":true"),
                Expect.redriveGiven("\"corruptionDetectedAt\":\""));
    }

    @Override
    public Optional<OperatorRedrive> redrive() {
        return Optional.of(new OperatorRedrive() {
            @Override
            public String action() {
                return "the migration log shows when the bad write ran; redrive with a restoreTime one second before it";
            }

            @Override
            public ObjectNode input(ObjectNode given, Instant faultStartedAt) {
                return given.put("restoreTime", faultStartedAt.minusSeconds(1).toString());
            }

            @Override
            public List<Expectation> expectations() {
                return List.of(
                        Expect.resumesTheIncident(),
                        Expect.tier(Tier.DATABASE, "RECOVER", "RECOVERED"),
                        Expect.integrityCheck(Tier.DATABASE, "ledger-balanced", true),
                        Expect.integrityCheck(Tier.DATABASE, "balances-match-ledger", true),
                        Expect.rpoReported(Tier.DATABASE),
                        Expect.othersVerified(Tier.DATABASE, Tier.DEPOSITS_WITHDRAWALS),
                        Expect.tier(Tier.DEPOSITS_WITHDRAWALS, "RECOVER", "RECOVERED"),
                        Expect.approvedBy("alice", "bob"),
                        Expect.recovered());
            }
        });
    }
}
