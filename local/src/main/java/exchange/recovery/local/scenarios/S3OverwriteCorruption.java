package exchange.recovery.local.scenarios;

import java.util.List;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.local.exchange.LocalExchange;

/**
 * Issue #19's "S3 overwrite corruption": a job overwrites 800 of 1200 regulatory log objects (SHA-256
 * checksums) with bad content and creates 30 new ones; the bucket's overwrite alarm fires and the stack's rule
 * starts the object restore: the 800 get their version from before the job back (one copy each), the 400 the
 * job left alone are untouched, and the 30 created after T are listed and kept.
 */
final class S3OverwriteCorruption {

    static final String PREFIX = "logs/2026-12-07/";
    static final int KEYS = 1200;
    static final int OVERWRITTEN = 800;
    static final List<String> CREATED = ObjectRestores.keys(PREFIX + "after-", 30);
    static final ExchangeAlarm ALARM = new ExchangeAlarm("exchange-s3-regulatory-logs-overwrites", "AWS/S3", "PutRequests",
            "GreaterThanOrEqualToThreshold", 200, "PutRequests on existing keys of the regulatory logs bucket (anomaly band)");

    static final Scenario SCENARIO = Scenario.named("s3-overwrite-corruption")
            .follows(Follows.OBJECT_RESTORE)
            .fails("a job overwrites " + OVERWRITTEN + " of the " + KEYS + " logs under " + PREFIX + " in "
                    + LocalExchange.REGULATORY_LOGS_BUCKET + " with bad content and creates " + CREATED.size()
                    + " new ones; the bucket's overwrite alarm fires")
            .expects("the overwritten logs copied forward from before the job, once each; the others untouched; "
                    + "the new ones listed and kept; the prefix verified")
            .tiers(Tier.DATABASE)
            .needs()
            .alarms(ALARM)
            .before(ObjectRestores.watch(ALARM, LocalExchange.REGULATORY_LOGS_BUCKET, PREFIX))
            .fault(ObjectRestores.written(LocalExchange.REGULATORY_LOGS_BUCKET, ObjectRestores.keys(PREFIX, KEYS), true)
                    .damagedBy(ObjectRestores.overwrite(OVERWRITTEN, "CORRUPT: job export-v2 wrote an empty record", CREATED))
                    .noticedBy(ALARM, "Threshold Crossed: 1 datapoint [800.0] was greater than or equal to the threshold (200.0)."))
            .reportShows(
                    ObjectRestores.startedBy(ALARM),
                    ObjectRestores.restores(LocalExchange.REGULATORY_LOGS_BUCKET, PREFIX),
                    ObjectRestores.verified(),
                    ObjectRestores.countsAddUp(),
                    ObjectRestores.counts(OVERWRITTEN, KEYS - OVERWRITTEN, CREATED.size(), 0),
                    ObjectRestores.oneCopyForwardPerRestoredKey(),
                    ObjectRestores.createdAfterListedAndKept(CREATED.size()),
                    Expect.planStatus("SUCCEEDED"))
            .build();

    private S3OverwriteCorruption() {
    }
}
