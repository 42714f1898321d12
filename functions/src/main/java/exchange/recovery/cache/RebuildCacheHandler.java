package exchange.recovery.cache;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Invocation;
import exchange.recovery.core.JsonHandler;
import exchange.recovery.db.ExchangeDatabase;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Rebuilds the cache keyspaces from PostgreSQL into a new version, verifies it and switches readers to
 * it. Input {@code {"incidentId", "keyspaces"?, "sampleRate"?}}; output the {@link RebuildReport}.
 * A version that fails verification raises {@link CacheVerificationFailed} with the evidence, and
 * readers stay on the previous version.
 */
public class RebuildCacheHandler extends JsonHandler<RebuildRequest, RebuildReport> {

    private static final Logger LOG = LogManager.getLogger(RebuildCacheHandler.class);

    private final CacheRebuilder rebuilder;

    public RebuildCacheHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private RebuildCacheHandler(Env env, AwsClients clients) {
        this(new CacheRebuilder(
                ExchangeDatabase.fromEnvironment(env, clients).withApplicationName("exchange-recovery-cache"),
                RedisEndpoint.from(env), RebuildOptions.from(env)));
    }

    public RebuildCacheHandler(CacheRebuilder rebuilder) {
        super(RebuildRequest.class);
        this.rebuilder = rebuilder;
    }

    @Override
    protected RebuildReport handle(RebuildRequest request, Context context) {
        if (request.incidentId() == null || request.incidentId().isBlank()) {
            throw new InvalidInput("incidentId is required");
        }
        Metrics metrics = Invocation.metrics();
        try {
            RebuildReport report = rebuilder.rebuild(new RebuildRequest(request.incidentId().trim(), request.keyspaces(),
                    request.sampleRate()));
            metrics.addMetric("CacheKeysRebuilt", report.keys(), MetricUnit.COUNT);
            metrics.addMetric("CacheRebuildMillis", report.durationsMillis().total(), MetricUnit.MILLISECONDS);
            metrics.addMetric("CacheVerificationFailures", 0, MetricUnit.COUNT);
            return report;
        } catch (CacheVerificationFailed e) {
            metrics.addMetric("CacheVerificationFailures", 1, MetricUnit.COUNT);
            LOG.error("Cache rebuild for incident {} failed verification: {}", request.incidentId(), e.verification().summary());
            throw e;
        }
    }
}
