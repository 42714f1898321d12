package exchange.recovery.local.drill.scenarios;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import exchange.recovery.core.Tier;
import exchange.recovery.local.drill.ExchangeAlarm;
import exchange.recovery.local.drill.Expect;
import exchange.recovery.local.drill.Expectation;
import exchange.recovery.local.drill.FaultContext;
import exchange.recovery.local.drill.Need;
import exchange.recovery.local.drill.Scenario;
import exchange.recovery.report.ReportVerdict;

/**
 * Data corruption noticed late: the integrity monitor raises its alarm some time after the bad write, so
 * "just before the alarm" is already after the corruption. The plan restores to that time, the restored
 * copy fails its integrity checks, and the plan refuses to cut over: production is left as it was, the
 * restored copy stays for inspection, the plan halts before tier 2 with withdrawals still paused, and the
 * report gives the redrive input (to which the operator adds a {@code restoreTime} before the corruption).
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
                + "the plan halts with withdrawals paused and gives its redrive input";
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
                Expect.neverEntered("CutOverRestoredInstance"),
                Expect.notReported(Tier.WALLET),
                Expect.notReported(Tier.DEPOSITS_WITHDRAWALS),
                Expect.verdict(ReportVerdict.Outcome.HALTED),
                Expect.notified("Recovery halted"),
                Expect.redriveGiven("\"resume\":true"),
                Expect.redriveGiven("\"corruptionDetectedAt\":\""));
    }
}
