package exchange.recovery.local.scenarios;

import java.time.Duration;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.local.exchange.LocalExchange;

/**
 * Issue #19's "S3 accidental deletion": an operator deletes 3000 statements under a prefix of the versioned
 * statements bucket; the bucket's DeleteRequests alarm fires and the stack's rule starts the object restore,
 * which copies every key's version as at just before the delete forward (exactly once) and verifies the prefix.
 */
final class S3AccidentalDeletion {

    static final String PREFIX = "statements/2026-11/";
    static final int KEYS = 3000;
    static final ExchangeAlarm ALARM = new ExchangeAlarm("exchange-s3-statements-deleted-objects", "AWS/S3", "DeleteRequests",
            "GreaterThanOrEqualToThreshold", 100, "DeleteRequests on the statements bucket (request metrics filter statements/)");

    static final Scenario SCENARIO = Scenario.named("s3-accidental-deletion")
            .follows(Follows.OBJECT_RESTORE)
            .fails("an operator deletes the " + KEYS + " statements under " + PREFIX + " in " + LocalExchange.STATEMENTS_BUCKET
                    + "; the bucket's DeleteRequests alarm fires")
            .expects("every statement copied forward from its version just before the delete, once, and the prefix verified")
            .tiers(Tier.DATABASE)
            .needs()
            .timeout(Duration.ofMinutes(5)) // 3000 copies and a listing of every version: minutes on a loaded machine
            .alarms(ALARM)
            .before(ObjectRestores.watch(ALARM, LocalExchange.STATEMENTS_BUCKET, PREFIX))
            .fault(ObjectRestores.written(LocalExchange.STATEMENTS_BUCKET, ObjectRestores.keys(PREFIX, KEYS), false)
                    .damagedBy(ObjectRestores.deleteAll())
                    .noticedBy(ALARM, "Threshold Crossed: 1 datapoint [3000.0] was greater than or equal to the threshold (100.0)."))
            .reportShows(
                    ObjectRestores.startedBy(ALARM),
                    ObjectRestores.restores(LocalExchange.STATEMENTS_BUCKET, PREFIX),
                    ObjectRestores.verified(),
                    ObjectRestores.countsAddUp(),
                    ObjectRestores.counts(KEYS, 0, 0, 0),
                    ObjectRestores.oneCopyForwardPerRestoredKey(),
                    Expect.planStatus("SUCCEEDED"))
            .build();

    private S3AccidentalDeletion() {
    }
}
