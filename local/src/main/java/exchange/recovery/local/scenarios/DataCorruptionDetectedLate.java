package exchange.recovery.local.scenarios;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import exchange.recovery.core.Tier;
import exchange.recovery.local.stack.Need;
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
final class DataCorruptionDetectedLate {

    /** Longer than the restore's safety margin (1 s), so the restore point falls after the bad write. */
    static final Duration DETECTION_DELAY = Duration.ofSeconds(4);

    static final Scenario SCENARIO = Scenario.named("data-corruption-detected-late")
            .fails("a bad migration multiplies ledger transaction 42 by ten; the integrity alarm fires "
                    + DETECTION_DELAY.toSeconds() + " s later")
            .expects("the restore to just before the alarm still holds the corruption: its integrity check fails, no cut-over, "
                    + "the plan halts with withdrawals paused; redriven with a restoreTime before the bad write, it recovers")
            .tiers(Tier.DATABASE)
            .needs(Need.POSTGRES, Need.POINT_IN_TIME_RESTORE)
            .alarms(Alarms.INTEGRITY_CHECK_FAILED)
            .approvers("alice", "bob")
            .fault(Faults.corruptLedger()
                    .then(Faults.noticedAfter(DETECTION_DELAY, "the integrity monitor's next run, " + DETECTION_DELAY.toSeconds() + " s later, finds it"))
                    .then(Faults.alarm(Alarms.INTEGRITY_CHECK_FAILED, Alarms.INTEGRITY_CHECK_FAILED_REASON)))
            .reportShows(
                    Expect.triggeredBy(Alarms.INTEGRITY_CHECK_FAILED.name()),
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
                    Expect.redriveGiven("\"corruptionDetectedAt\":\""))
            .operatorRedrives(new OperatorRedrive(
                    "the migration log shows when the bad write ran; redrive with a restoreTime one second before it",
                    (given, faultStartedAt) -> given.put("restoreTime", faultStartedAt.minusSeconds(1).toString()),
                    Stream.of(List.of(Expect.resumesTheIncident()),
                            PointInTimeRestore.recovered("ledger-balanced", "balances-match-ledger"),
                            List.of(Expect.approvedBy("alice", "bob"), Expect.recovered())).flatMap(List::stream).toList()))
            .build();

    private DataCorruptionDetectedLate() {
    }
}
